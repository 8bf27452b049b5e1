import TimelineModel

/// A place to come back to with Esc: the view as it was, and the shared selection and trail.
struct Location: Sendable {
    var view: any BrowserView
    var selected: Int
    var trail: Int?
}

/// The browser's state: what every view shares (the timeline and its index, the selected event,
/// the back stack, the search, the person followed, the bar's message) and the view and overlay
/// on screen, each a value of its own type. `handle(_:)` is the only way it changes.
public struct AppState: Sendable {
    public let timeline: Timeline
    /// The timeline pane's rows and the date axis's days, built once per timeline and filter.
    private(set) var index: TimelineIndex
    public internal(set) var size: Size
    /// The frame's geometry, worked out by `settle()` after every input.
    public internal(set) var plan: LayoutPlan = .tooSmall
    /// The selected event: the timeline view shows it, and the other views start from it.
    public internal(set) var selected: Int
    /// The full-screen view on screen.
    var view: any BrowserView
    /// Where Esc goes back to.
    var back: [Location] = []
    /// The help, the people picker or the search prompt, when one is open.
    var overlay: (any Overlay)?
    /// The confirmed or in-progress search; `hits` are the events with a hit, in order.
    public private(set) var query: String?
    public private(set) var hits = SearchHits.none
    private var searchIndex: SearchIndex?
    /// The person whose events `]` and `[` step through.
    public internal(set) var trail: Int?
    /// A line for the bar in place of the hints, until the next input.
    public internal(set) var message: String?
    public let mouseEnabled: Bool
    /// The key tables in force.
    public let keymap: Keymap
    /// While the timeline is a preview of a load still going on: how far the load has got.
    public internal(set) var loading: LoadProgress?
    /// The date the measures are shown as of (`@`).
    public internal(set) var asOf: TimelineDate?
    /// The filter narrowing the timeline (`f`).
    public private(set) var filter: FilterQuery?
    /// Starred events and notes.
    public internal(set) var marks = Marks()
    /// The source reader's search (`/` in the reader).
    public internal(set) var sourceQuery: String?
    /// Effects an action asked for, handed out by `handle(_:)`.
    var pendingEffects: [Effect] = []
    /// The problems of the last save that did not load (the timeline shown is the last good one),
    /// each with the item it concerns where known.
    public internal(set) var problems: [(diagnostic: Diagnostic, target: ProblemTarget?)] = []

    /// The browser on a timeline, opening on the first event of the story proper (the
    /// background, set apart above it, is one key away).
    public init(timeline: Timeline, size: Size, mouse: Bool = true, keymap: Keymap = .standard, marks: Marks = Marks()) {
        self.timeline = timeline
        self.size = size
        self.mouseEnabled = mouse
        self.keymap = keymap
        self.marks = marks
        index = TimelineIndex(timeline)
        selected = index.storyStart
        view = TimelineView()
        settle()
    }

    /// The same screen over a newer timeline (the next preview, or the finished load): the
    /// selected event stays selected, on the same row of the pane, unless it was where the
    /// browser opened, which follows the story's start as earlier events arrive. Only the
    /// timeline view and help exist while loading, so there is no other place to carry over.
    public func replacingTimeline(_ newer: Timeline, loading: LoadProgress?) -> AppState {
        var next = AppState(timeline: newer, size: size, mouse: mouseEnabled, keymap: keymap, marks: marks)
        next.loading = loading
        // A message says why something waits for the load; once it is done, it no longer holds.
        if loading != nil { next.message = message }
        if overlay is HelpOverlay { next.overlay = overlay }
        if var timelineView = view as? TimelineView {
            if selected != index.storyStart, let id = selectedEvent?.id, let e = newer.eventIndex[id] {
                next.selected = e
                timelineView.keepRow(from: self, in: next)
            } else {
                timelineView = TimelineView(focus: timelineView.focus)
            }
            next.view = timelineView
        }
        next.settle()
        return next
    }

    /// Opens on an event and/or a person's involvement (`--event`, `--person`).
    public mutating func open(event: Int?, person: Int?) {
        if let event { selected = event }
        if let person { openTarget(.person(person)) }
        settle()
    }

    public var selectedEvent: Event? { timeline.events.indices.contains(selected) ? timeline.events[selected] : nil }

    public var searchQuery: SearchQuery? { query.flatMap { $0.isEmpty ? nil : SearchQuery($0) } }

    /// Marks the search's matches in the text every view draws.
    var highlighter: Highlighter { Highlighter(query: searchQuery) }

    mutating func setQuery(_ text: String?) {
        query = text
        guard let searchQuery else { hits = .none; return }
        hits = builtSearchIndex().hits(matching: searchQuery)
    }

    /// The search index, built on the first search or filter, not at start-up, so opening stays quick.
    mutating func builtSearchIndex() -> SearchIndex {
        if let searchIndex { return searchIndex }
        let built = SearchIndex(timeline)
        searchIndex = built
        return built
    }

    /// Narrows the timeline to the filter's events (or shows every event again); the selection
    /// moves to the nearest event still shown.
    mutating func setFilter(_ query: FilterQuery?) {
        filter = query
        guard let query else { index = TimelineIndex(timeline); return }
        let shown = query.events(in: timeline, starred: marks.starred, index: builtSearchIndex())
        index = TimelineIndex(timeline, shown: shown)
    }

    /// Asks for the marks (and the place) to be kept.
    mutating func keepMarks() { pendingEffects.append(.keep(marks, place)) }

    /// Hands out the effects actions asked for.
    mutating func takeEffects() -> [Effect] {
        defer { pendingEffects = [] }
        return pendingEffects
    }

    /// The key table in force: the overlay's, else the view's.
    public var mode: Mode { overlay?.mode ?? view.mode }

    /// Works out the frame's plan and clamps every cursor and scroll to it.
    mutating func settle() {
        selected = min(max(0, selected), max(0, timeline.events.count - 1))
        // An event the filter hides (one selected before the filter, come back to with Esc)
        // gives way to the nearest one shown.
        if let shown = index.shown, !shown.isEmpty, !index.isShown(selected) {
            selected = shown[min(shown.lowerBound(of: selected), shown.count - 1)]
        }
        guard !LayoutPlan.isTooSmall(size) else { plan = .tooSmall; return }
        var current = view
        current.prepare(self)
        view = current
        let (body, bar) = LayoutPlan.frame(size)
        plan = LayoutPlan(body: view.body(body, self), bar: bar, overlay: overlay?.frame(self))
        current = view
        current.settle(self)
        view = current
        if var open = overlay {
            open.settle(self)
            overlay = open
        }
    }
}

/// The timeline pane's rows and the days the date axis marks (`TimelineRows`), with the filter
/// that chose them and the eras the axis shades: made once per timeline and filter, or read
/// from the store the timeline is kept in.
struct TimelineIndex: Sendable {
    typealias Row = TimelineRow

    let rows: TimelineList<Row>
    /// `rowOfEvent[e]` is event e's row; -1 for an event the filter hides.
    let rowOfEvent: TimelineList<Int>
    /// The events shown, in order, when a filter hides some; nil when every event is shown.
    let shown: [Int]?
    /// First days of the non-background events, each once, in order: what the date axis marks.
    let axisDays: [Int]
    /// The first event that is not background (the first event when there is none).
    let storyStart: Int
    /// The widest title, in cells (at most 200): how wide the timeline pane would like to be.
    let widestTitle: Int
    /// The shortest forms of the first and last dates the axis spans ("29 Jun", "13.8 bn BCE").
    let axisLabels: (first: String, last: String)
    /// The days of each era (TimelineJS's named spans), for the axis to shade.
    let eraDays: [ClosedRange<Int>]

    /// The index of every event, or of the `shown` ones (in order).
    init(_ t: Timeline, shown: [Int]? = nil) {
        let made = shown == nil ? t.rows : TimelineRows(t, shown: shown)
        rows = made.rows
        rowOfEvent = made.rowOfEvent
        axisDays = made.axisDays
        storyStart = made.storyStart ?? made.firstEvent ?? 0
        widestTitle = made.widestTitle
        axisLabels = made.axisLabels
        self.shown = shown
        eraDays = t.eras.map { min($0.start.date.firstDay, $0.end.date.lastDay)...max($0.start.date.firstDay, $0.end.date.lastDay) }
    }

    /// Whether an event has a row (is not hidden by a filter).
    func isShown(_ e: Int) -> Bool { rowOfEvent.indices.contains(e) && rowOfEvent[e] >= 0 }

    /// How many events are shown.
    func shownCount(_ t: Timeline) -> Int { shown?.count ?? t.events.count }

    /// The shown event `steps` away from `e` (clamped to the first and last).
    func step(from e: Int, by steps: Int, _ t: Timeline) -> Int {
        guard let shown else { return min(max(0, e.saturatingAdd(steps)), max(0, t.events.count - 1)) }
        guard !shown.isEmpty else { return e }
        let position = shown.lowerBound(of: e)
        let here = position < shown.count && shown[position] == e ? position : (steps > 0 ? position - 1 : position)
        return shown[min(max(0, here.saturatingAdd(steps)), shown.count - 1)]
    }
}
