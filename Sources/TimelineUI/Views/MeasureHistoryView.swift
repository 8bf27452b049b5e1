import TimelineModel

/// A measure's history: its name, what it covers and its quotes, then every change with its
/// status, note and quote, each a jump to its event. Laid out in full (a measure changes a few
/// dozen times, not thousands).
struct MeasureHistoryView: ListView {
    var mode: Mode { .measureHistory }
    let measure: Int
    var position = ListPosition()
    private var items: Memo<Key, [ListItem]>?

    /// What the laid-out list depends on.
    struct Key: Equatable, Sendable {
        let width: Int
        let query: String?
        let asOf: TimelineDate?
    }

    init(measure: Int, _ app: AppState) {
        self.measure = measure
        prepare(app)
        position.cursor = geometry(app, width: max(1, app.size.width - 2)).firstEventCursor
    }

    mutating func prepare(_ app: AppState) {
        let key = Key(width: max(1, app.size.width - 2), query: app.query, asOf: app.asOf)
        if items.value(for: key) == nil { items = Memo(key: key, value: build(app, width: key.width)) }
    }

    func title(_ app: AppState) -> String { "\(app.timeline.measures[measure].name) · history" }

    func geometry(_ app: AppState, width: Int) -> ListGeometry {
        ListGeometry(items.value(for: Key(width: width, query: app.query, asOf: app.asOf)) ?? build(app, width: width))
    }

    func build(_ app: AppState, width: Int) -> [ListItem] {
        let t = app.timeline
        let text = app.highlighter
        let m = t.measures[measure]
        var header: [Line] = text.wrapped(m.name, .heading, width: width)
        header += text.wrapped(m.kind.rawValue, .dim, width: width)
        for (aspect, value) in m.covers.stated { header += text.wrapped("\(aspect.label): \(value)", .normal, width: width, indent: 2) }
        if let asOf = app.asOf { header += text.wrapped(t.asOfLine(measure, asOf), .heading, width: width) }
        var items = [ListItem(lines: header, target: nil)]
        for quote in m.quotes {
            var lines = text.wrapped(Wording.quoted(quote.text), .dim, width: width, indent: 2)
            lines += text.wrapped("— " + t.sourceLabel(quote.source), .dim, width: width, indent: 4)
            items.append(ListItem(lines: lines, target: t.passageTarget(quote, use: .measure(measure))))
        }
        items.append(ListItem(lines: [[]] + text.wrapped("\(counted(m.changes.count, "Change")) · Enter jumps to the event", .title, width: width), target: nil))
        let labelWidth = 27
        for change in m.changes {
            guard let e = t.eventIndex[change.event] else { continue }
            let event = t.events[e]
            let label = TerminalText.pad(event.date.date.compact, to: 17) + change.status.rawValue
            var lines = text.labelled(Span(label, .accent), width: labelWidth, event.title, .normal, width: width)
            if let note = change.note { lines += text.wrapped(note, .dim, width: width, indent: labelWidth) }
            lines += text.wrapped(Wording.quoted(change.quote.text), .dim, width: width, indent: labelWidth)
            items.append(ListItem(lines: lines, target: .event(e)))
        }
        return items
    }

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome { performListAction(action, app) }

    func status(_ app: AppState) -> String { counted(app.timeline.measures[measure].changes.count, "change") }

    /// `e`: the measure.
    func editRequest(_ app: AppState) -> EditRequest? { EditRequest(.timeline, at: .object(app.timeline.measures[measure].id)) }
}
