import TimelineModel

/// The panes of the browse view, in Tab order.
public enum Pane: Int, Sendable, CaseIterable {
    case timeline, event, people, measures, quotes

    public var title: String {
        switch self {
        case .timeline: "Timeline"
        case .event: "Event"
        case .people: "People"
        case .measures: "Measures"
        case .quotes: "Quotes"
        }
    }
}

/// A cursor over the selectable items of a list and the first line shown.
public struct ListPosition: Sendable, Hashable {
    public var cursor = 0
    public var scroll = 0
    public init(cursor: Int = 0, scroll: Int = 0) { self.cursor = cursor; self.scroll = scroll }
}

/// What fills the screen. `browse` is the timeline with its panes; the others are full-screen
/// views opened from it, each remembering its own position.
public enum View: Sendable, Hashable {
    case browse
    case involvement(person: Int, position: ListPosition)
    case measureHistory(measure: Int, position: ListPosition)
    case reader(source: Int, citation: Int, scroll: Int)
}

/// Something drawn over the view that takes the keyboard.
public enum Overlay: Sendable, Hashable {
    case help(scroll: Int)
    case searchPrompt(text: String, previous: SearchSnapshot)
    case peoplePicker(filter: String, position: ListPosition)
}

/// What to restore when a search prompt is cancelled.
public struct SearchSnapshot: Sendable, Hashable {
    public var query: String?
    public var selected: Int
}

/// A place to come back to with Esc.
public struct Location: Sendable, Hashable {
    public var view: View
    public var selected: Int
    public var focus: Pane
    public var panes: [Pane: ListPosition]
    public var trail: Int?
}

/// One row of the timeline pane.
public enum TimelineRow: Sendable, Hashable {
    case section(String)   // "Background: before the G20 meeting"
    case month(String)     // "June 2019"
    case day(String)       // "Sat 29 Jun" or "Week of Mon 1 Jul"
    case event(Int)
    case gap

    var isEvent: Bool { if case .event = self { true } else { false } }
}

public struct AppState: Sendable {
    public let timeline: Timeline
    /// Timeline pane rows, built once; `rowOfEvent[e]` is event e's row.
    public let rows: [TimelineRow]
    public let rowOfEvent: [Int]
    /// First days of the non-background events, in order: what the date axis marks.
    let axisDays: [Int]

    public var size: Size
    /// The layout of the current frame, worked out once per input by `settle()`.
    public internal(set) var layout: ScreenLayout = .tooSmall
    public var selected = 0
    var detailMemo: Memo<DetailKey, DetailContent>?
    var listMemo: Memo<FullListKey, [ListItem]>?
    var readerMemo: Memo<ReaderKey, ReaderPage>?
    public var timelineScroll = 0
    public var focus: Pane = .timeline
    /// Cursor and scroll of each detail pane, reset when the selection changes.
    public var panes: [Pane: ListPosition] = [:]
    public var view: View = .browse
    public var back: [Location] = []
    public var overlay: Overlay?
    /// The confirmed or in-progress search; hits are recomputed when it changes.
    public private(set) var query: String?
    public private(set) var hitEvents: [Int] = []
    var searchIndex: SearchIndex?
    /// The person whose events `]` and `[` step through.
    public var trail: Int?
    public var message: String?
    public var mouseEnabled: Bool
    /// While the timeline is a preview of a load still going on: how far the load has got.
    public var loading: LoadProgress?
    public var quit = false
    /// Set by Ctrl-L: the driver clears and repaints the terminal.
    public var redrawRequested = false

    public init(timeline: Timeline, size: Size, mouse: Bool = true) {
        self.timeline = timeline
        self.size = size
        self.mouseEnabled = mouse
        (rows, rowOfEvent) = AppState.buildRows(timeline)
        axisDays = timeline.events.indices.compactMap { timeline.events[$0].background ? nil : timeline.events[$0].date.date.firstDay }
        settle()
    }

    /// The same screen over a newer timeline (the next preview, or the finished load): the
    /// selected event stays selected, on the same row of the pane, unless it was the first
    /// event, which stays the first as earlier events arrive. Only the browse view and help
    /// exist while loading, so there is no other place to carry over.
    public func replacingTimeline(_ newer: Timeline, loading: LoadProgress?) -> AppState {
        var next = AppState(timeline: newer, size: size, mouse: mouseEnabled)
        next.loading = loading
        next.focus = focus
        // A message says why something waits for the load; once it is done, it no longer holds.
        if loading != nil { next.message = message }
        if case .help = overlay { next.overlay = overlay }
        if selected > 0, let id = selectedEvent?.id, let e = newer.eventIndex[id] {
            next.selected = e
            next.panes = panes
            let rowOnScreen = rowOfEvent[selected] - timelineScroll
            next.timelineScroll = max(0, next.rowOfEvent[e] - rowOnScreen)
        }
        next.settle()
        return next
    }

    public var selectedEvent: Event? { timeline.events.indices.contains(selected) ? timeline.events[selected] : nil }

    public var searchQuery: SearchQuery? { query.flatMap { $0.isEmpty ? nil : SearchQuery($0) } }

    mutating func setQuery(_ text: String?) {
        query = text
        guard let searchQuery else { hitEvents = []; return }
        // Built on the first search, not at start-up, so opening stays quick.
        if searchIndex == nil { searchIndex = SearchIndex(timeline) }
        hitEvents = searchIndex!.events(matching: searchQuery)
    }

    func position(_ pane: Pane) -> ListPosition { panes[pane] ?? ListPosition() }

    var location: Location { Location(view: view, selected: selected, focus: focus, panes: panes, trail: trail) }

    mutating func restore(_ location: Location) {
        view = location.view
        selected = location.selected
        focus = location.focus
        panes = location.panes
        trail = location.trail
        layout = computeLayout()
    }

    /// Headings for months and days (weekday included), background set apart at the top.
    static func buildRows(_ t: Timeline) -> ([TimelineRow], [Int]) {
        var rows: [TimelineRow] = []
        var rowOfEvent = Array(repeating: 0, count: t.events.count)
        var lastMonth: String?
        var lastDay: String?
        var inBackground = false
        var lastDate: TimelineDate?
        for e in t.events.indices {
            let background = t.events[e].background
            if background != inBackground || e == 0 {
                if !rows.isEmpty { rows.append(.gap) }
                if background { rows.append(.section("Background")) }
                inBackground = background
                lastMonth = nil
                lastDay = nil
                lastDate = nil
            }
            let date = t.events[e].date.date
            // Events of one date share its headings: the strings are made once per date, not per event.
            if date == lastDate {
                rowOfEvent[e] = rows.count
                rows.append(.event(e))
                continue
            }
            lastDate = date
            let first = date.first
            let month = date.precision == .year ? String(first.year) : "\(monthNames[first.month - 1]) \(first.year)"
            if month != lastMonth {
                rows.append(.month(month))
                lastMonth = month
                lastDay = nil
            }
            let day: String? = switch date.precision {
            case .day: "\(first.weekdayName) \(first.day) \(shortMonthNames[first.month - 1])"
            case .week: "Week of \(first.weekdayName) \(first.day) \(shortMonthNames[first.month - 1])"
            case .month: "During the month"
            case .year: "During the year"
            }
            if let day, day != lastDay {
                rows.append(.day(day))
                lastDay = day
            }
            rowOfEvent[e] = rows.count
            rows.append(.event(e))
        }
        return (rows, rowOfEvent)
    }
}

/// Where the browser opens.
public enum Opening: Sendable {
    case timeline
    case event(Int)
    case person(Int)
}

extension AppState {
    public mutating func open(_ opening: Opening) {
        switch opening {
        case .timeline: break
        case .event(let e): select(e)
        case .person(let p): openTarget(.person(p))
        }
        settle()
    }
}
