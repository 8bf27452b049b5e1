import TimelineModel

/// A person's involvement: their name and roles with the quotes behind them, then every event
/// they take part in with their part. Enter on an event jumps to it and follows the person, so
/// that `]` and `[` step through their events in the timeline.
struct InvolvementView: ListView {
    var mode: Mode { .involvement }
    let person: Int
    var position: ListPosition
    private var layout: Memo<Key, Layout>?

    /// What the laid-out part depends on.
    struct Key: Equatable, Sendable {
        let width: Int
        let query: String?
    }

    /// The head, laid out in full, and where each event row starts when rows are wrapped.
    struct Layout: Sendable {
        let head: [ListItem]
        let rowStarts: [Int]?
    }

    /// Up to this many events each row is wrapped to show the whole title and part; beyond it
    /// (a person in thousands of events) rows are two lines each, so that opening the person
    /// costs only the rows on screen.
    static let wrappedRowLimit = 2_000
    static let dateWidth = 17

    init(person: Int, _ app: AppState) {
        self.person = person
        position = ListPosition()
        prepare(app)
        // Start on the selected event when it is one of theirs, else on their first event.
        let width = InvolvementView.width(app)
        let list = geometry(app, width: width)
        if let row = app.timeline.eventsOfPerson[person].sortedIndex(of: app.selected) {
            position.cursor = list.cursor(ofRow: row)
        } else {
            position.cursor = list.firstEventCursor
        }
    }

    static func width(_ app: AppState) -> Int { max(1, app.size.width - 2) }

    mutating func prepare(_ app: AppState) {
        let key = Key(width: InvolvementView.width(app), query: app.query)
        guard layout.value(for: key) == nil else { return }
        let events = app.timeline.eventsOfPerson[person]
        var starts: [Int]?
        if events.count <= InvolvementView.wrappedRowLimit {
            var line = 0
            starts = [0] + events.indices.map { i in
                line += row(i, app, width: key.width).lines.count
                return line
            }
        }
        layout = Memo(key: key, value: Layout(head: head(app, width: key.width), rowStarts: starts))
    }

    func title(_ app: AppState) -> String { "\(app.timeline.people[person].name) · involvement" }

    func geometry(_ app: AppState, width: Int) -> ListGeometry {
        let laidOut = layout.value(for: Key(width: width, query: app.query)) ?? Layout(head: head(app, width: width), rowStarts: nil)
        return ListGeometry(fixed: laidOut.head, rowCount: app.timeline.eventsOfPerson[person].count, rowHeight: 2, rowStarts: laidOut.rowStarts) { i in
            row(i, app, width: width, wrapped: laidOut.rowStarts != nil)
        }
    }

    /// The person's name and roles with their quotes, each a jump to the source, and the
    /// heading of their events.
    func head(_ app: AppState, width: Int) -> [ListItem] {
        let t = app.timeline
        let text = app.highlighter
        let p = t.people[person]
        var header: [Line] = text.wrapped(p.name, .heading, width: width)
        header += text.wrapped([p.country, p.alsoKnownAs].compactMap { $0 }.joined(separator: " · "), .dim, width: width)
        header += [[], [Span("Roles", .title)]]
        var items = [ListItem(lines: header, target: nil)]
        for role in p.roles {
            var lines = text.wrapped(role.title, .normal, width: width, indent: 2)
            lines += text.wrapped(Wording.quoted(role.quote.text), .dim, width: width, indent: 4)
            lines += text.wrapped("— " + t.sourceLabel(role.quote.source), .dim, width: width, indent: 6)
            items.append(ListItem(lines: lines, target: t.passageTarget(role.quote, use: nil)))
        }
        let count = t.eventsOfPerson[person].count
        items.append(ListItem(lines: [[]] + text.wrapped("\(counted(count, "Event")) · Enter jumps to one, then ] and [ step through them", .title, width: width), target: nil))
        return items
    }

    /// One event: its date beside the title, the person's role and part under it; wrapped in
    /// full, or cut to two lines for a person in very many events.
    func row(_ i: Int, _ app: AppState, width: Int, wrapped: Bool = true) -> ListItem {
        let t = app.timeline
        let e = t.eventsOfPerson[person][i]
        let event = t.events[e]
        let id = t.people[person].id
        let part = event.participants.first { $0.person == id }.map { $0.role + ": " + $0.part } ?? ""
        let text = app.highlighter
        let date = Span(event.date.date.compact, event.background ? .background : .accent)
        let dateWidth = InvolvementView.dateWidth
        var lines = text.labelled(date, width: dateWidth, event.title, .normal, width: width)
        lines += text.wrapped(part, .dim, width: width, indent: dateWidth)
        if !wrapped {
            lines = [lines[0], [Span(String(repeating: " ", count: dateWidth))] + text.line(part, .dim)]
        }
        return ListItem(lines: lines, target: .event(e))
    }

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome {
        switch action {
        case .nextOfPerson, .previousOfPerson:
            stepEvent(by: action == .nextOfPerson ? 1 : -1, &app)
            return .done
        case .open:
            let outcome = performListAction(action, app)
            if case .open(.event) = outcome { app.trail = person }
            return outcome
        default:
            return performListAction(action, app)
        }
    }

    /// `]` and `[` here move the highlight from event to event, past the roles.
    mutating func stepEvent(by delta: Int, _ app: inout AppState) {
        guard let list = geometry(app) else { return }
        let events = app.timeline.eventsOfPerson[person]
        guard !events.isEmpty else { return }
        let firstRow = list.cursor(ofRow: 0)
        let current = position.cursor - firstRow
        let next = current < 0 ? 0 : current + delta
        guard next >= 0, next < events.count else {
            app.message = delta > 0 ? "No later event for \(app.timeline.people[person].name)" : "No earlier event for \(app.timeline.people[person].name)"
            return
        }
        position.cursor = firstRow + next
        app.message = "\(app.timeline.people[person].name): event \(next + 1) of \(events.count)"
    }

    /// Back from the timeline: the highlight is on the event reached there (by Enter, `]` or `[`).
    mutating func returned(reached: Int, _ app: AppState) {
        guard let row = app.timeline.eventsOfPerson[person].sortedIndex(of: reached) else { return }
        position.cursor = geometry(app, width: InvolvementView.width(app)).cursor(ofRow: row)
    }

    func status(_ app: AppState) -> String { counted(app.timeline.eventsOfPerson[person].count, "event") }

    /// `e`: the event under the cursor, else the person.
    func editRequest(_ app: AppState) -> EditRequest? {
        if case .event(let e)? = geometry(app, width: InvolvementView.width(app)).selectedItem(position)?.target {
            return EditRequest(.timeline, at: .object(app.timeline.events[e].id))
        }
        return EditRequest(.timeline, at: .object(app.timeline.people[person].id))
    }
}
