/// One row of the browser's timeline pane.
public enum TimelineRow: Sendable, Hashable {
    /// The heading that sets the background apart.
    case section
    /// A month heading, e.g. "June 2019" (a year heading for year dates).
    case month(String)
    /// A day heading, e.g. "Sat 29 Jun".
    case day(String)
    /// The event at this position.
    case event(Int)
    /// The blank row between the background and the story proper.
    case gap

    /// Whether the row is an event's.
    public var isEvent: Bool { if case .event = self { true } else { false } }
}

/// The timeline pane's rows (month and day headings, the background set apart at the top), the
/// days the date axis marks, and where the story proper starts. Made by `TimelineRowBuilder`
/// over the events in order: in memory for a loaded timeline, once and for all in a store.
public struct TimelineRows: Sendable {
    /// Every row, in order.
    public var rows: TimelineList<TimelineRow>
    /// `rowOfEvent[e]` is event e's row; -1 for an event that has none (a filter hides it).
    public var rowOfEvent: TimelineList<Int>
    /// The first days of the events that are not background, each once, in order: what the
    /// date axis marks.
    public var axisDays: [Int]
    /// The first event with a row that is not background; nil when there is none.
    public var storyStart: Int?
    /// The first event with a row; nil when there is none.
    public var firstEvent: Int?
    /// The widest title, in cells (at most 200): how wide the timeline pane would like to be.
    public var widestTitle: Int
    /// The shortest forms of the first and last dates the axis spans ("29 Jun", "13.8 bn BCE").
    public var axisLabels: (first: String, last: String)

    /// These rows, as a store keeps them.
    public init(rows: TimelineList<TimelineRow>, rowOfEvent: TimelineList<Int>, axisDays: [Int], storyStart: Int?, firstEvent: Int?,
                widestTitle: Int, axisLabels: (first: String, last: String)) {
        self.rows = rows
        self.rowOfEvent = rowOfEvent
        self.axisDays = axisDays
        self.storyStart = storyStart
        self.firstEvent = firstEvent
        self.widestTitle = widestTitle
        self.axisLabels = axisLabels
    }

    /// The rows of the events `shown` (positions in date order), or of every event.
    public init(_ t: Timeline, shown: [Int]? = nil) {
        var builder = TimelineRowBuilder()
        var rows: [TimelineRow] = []
        var rowOfEvent = Array(repeating: shown == nil ? 0 : -1, count: t.events.count)
        func add(_ e: Int) {
            builder.add(t.events[e], at: e) { row in
                if case .event(let e) = row { rowOfEvent[e] = rows.count }
                rows.append(row)
            }
        }
        if let shown { shown.forEach(add) } else { t.events.indices.forEach(add) }
        self = builder.finish(rows: TimelineList(rows), rowOfEvent: TimelineList(rowOfEvent))
    }
}

/// Works out the timeline pane's rows one event at a time, in date order, so that a store can
/// be built without holding the timeline.
public struct TimelineRowBuilder: Sendable {
    private var inBackground = false
    private var lastMonth: String?
    private var lastDay: String?
    private var lastDate: TimelineDate?
    private var widest = 0
    private var rowCount = 0
    private var axisDays: [Int] = []
    private var first: (event: Int, date: TimelineDate)?
    private var story: (first: (event: Int, date: TimelineDate), last: (event: Int, date: TimelineDate))?

    /// A builder that has seen no event.
    public init() {}

    /// Gives `emit` the rows of the next event, `event` at position `e`: the headings it opens,
    /// then its own row.
    public mutating func add(_ event: Event, at e: Int, emit: (TimelineRow) -> Void) {
        add(date: event.date.date, background: event.background, titleWidth: TerminalText.displayWidth(event.title), at: e, emit: emit)
    }

    /// `add` given what the rows depend on: the event's date, whether it is background, and
    /// the width of its title in cells.
    public mutating func add(date: TimelineDate, background: Bool, titleWidth: @autoclosure () -> Int, at e: Int, emit: (TimelineRow) -> Void) {
        func put(_ row: TimelineRow) {
            rowCount += 1
            emit(row)
        }
        if widest < 200 { widest = max(widest, titleWidth()) }
        if !background {
            if axisDays.last != date.firstDay { axisDays.append(date.firstDay) }
            story = (story?.first ?? (e, date), (e, date))
        }
        if background != inBackground || first == nil {
            if first != nil { put(.gap) }
            if background { put(.section) }
            inBackground = background
            lastMonth = nil
            lastDay = nil
            lastDate = nil
        }
        if first == nil { first = (e, date) }
        // Events of one date share its headings: the strings are made once per date, not per event.
        if date != lastDate {
            lastDate = date
            let firstDay = date.first
            let month = date.precision == .year ? firstDay.yearLabel : "\(monthNames[firstDay.month - 1]) \(firstDay.yearLabel)"
            if month != lastMonth {
                put(.month(month))
                lastMonth = month
                lastDay = nil
            }
            let day: String = switch date.precision {
            case .day: "\(firstDay.weekdayName) \(firstDay.day) \(shortMonthNames[firstDay.month - 1])"
            case .week: "Week of \(firstDay.weekdayName) \(firstDay.day) \(shortMonthNames[firstDay.month - 1])"
            case .month: "During the month"
            case .year: "During the year"
            }
            if day != lastDay {
                put(.day(day))
                lastDay = day
            }
        }
        put(.event(e))
    }

    /// The rows made, given the lists that hold them.
    public func finish(rows: TimelineList<TimelineRow>, rowOfEvent: TimelineList<Int>) -> TimelineRows {
        var labels = ("", "")
        if let story, let from = axisDays.first, let to = axisDays.last {
            // Day and month over a few years; years beyond.
            let long = to - from > 3 * 365
            func label(_ date: TimelineDate, _ day: Int) -> String {
                let civil = CivilDay(dayNumber: day)
                guard long else { return "\(civil.day) \(shortMonthNames[civil.month - 1])" }
                // The year ("1963", "44 BCE"), or the date's short form for years far away ("13.8 bn BCE").
                return civil.yearLabel.count <= 8 ? civil.yearLabel : date.compact
            }
            labels = (label(story.first.date, from), label(story.last.date, to))
        }
        return TimelineRows(rows: rows, rowOfEvent: rowOfEvent, axisDays: axisDays, storyStart: story?.first.event, firstEvent: first?.event,
                            widestTitle: widest, axisLabels: labels)
    }
}
