import TimelineModel

/// Pick a person by typing part of their name, id, short name or role.
struct PeoplePicker: Overlay {
    var mode: Mode { .peoplePicker }
    private(set) var filter = ""
    private(set) var position = ListPosition()

    /// The people the picker shows for its filter, smart case.
    static func people(_ t: Timeline, filter: String) -> [Int] {
        guard !filter.isEmpty else { return Array(t.people.indices) }
        let query = SearchQuery(filter)
        return t.people.indices.filter { p in
            let person = t.people[p]
            return ([person.name, person.id] + person.shortNames + person.roles.map(\.title)).contains { query.matches($0) }
        }
    }

    func frame(_ app: AppState) -> Rect? {
        LayoutPlan.centred(width: 64, height: min(app.timeline.people.count, 16) + 4, in: app.size)
    }

    func listHeight(_ app: AppState) -> Int { max(1, (app.plan.overlay?.height ?? 6) - 4) }

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome {
        switch action {
        case .moveDown: position.cursor += 1
        case .moveUp: position.cursor = max(0, position.cursor - 1)
        case .pageDown: position.cursor += listHeight(app)
        case .pageUp: position.cursor = max(0, position.cursor - listHeight(app))
        case .open:
            let people = PeoplePicker.people(app.timeline, filter: filter)
            guard people.indices.contains(position.cursor) else {
                app.message = "No one matches “\(filter)”"
                return .close
            }
            return .open(.person(people[position.cursor]))
        case .back: return .close
        case .deleteBackward:
            guard !filter.isEmpty else { return .close }
            filter.removeLast()
            position = ListPosition()
        case .clearText:
            filter = ""
            position = ListPosition()
        default: break
        }
        return .done
    }

    mutating func type(_ character: Character, _ app: inout AppState) {
        filter.append(character)
        position = ListPosition()
    }

    mutating func settle(_ app: AppState) {
        // One line per person, so keeping the cursor in view is arithmetic.
        let count = PeoplePicker.people(app.timeline, filter: filter).count
        let height = listHeight(app)
        position.cursor = min(max(0, position.cursor), max(0, count - 1))
        position.scroll = min(max(position.scroll, position.cursor - height + 1), position.cursor)
        position.scroll = max(0, min(position.scroll, count - height))
    }

    func draw(_ buffer: inout ScreenBuffer, _ app: AppState) {
        guard let rect = app.plan.overlay else { return }
        buffer.fill(rect, style: .normal)
        buffer.pane(rect, title: "People", focused: true)
        let inner = rect.inset(1)
        guard inner.height >= 2 else { return }
        buffer.put([Span("Filter: ", .dim), Span(filter), Span("▏", .accent)], x: inner.x, y: inner.y, limit: inner.width)
        let people = PeoplePicker.people(app.timeline, filter: filter)
        let listRect = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
        guard !people.isEmpty else {
            buffer.put("No one matches.", x: listRect.x, y: listRect.y, style: .dim, limit: listRect.width)
            return
        }
        // Only the rows on screen are built: a timeline may name thousands of people.
        let shown = people[min(position.scroll, people.count)..<min(people.count, position.scroll + listRect.height)]
        let items = shown.map { p in
            let person = app.timeline.people[p]
            let count = app.timeline.eventsOfPerson[p].count
            return ListItem(lines: [[Span(person.name, .heading), Span(" · " + (person.roles.first?.title ?? "") + " · " + counted(count, "event"), .dim)]], target: .person(p))
        }
        buffer.drawList(ListGeometry(items), position: ListPosition(cursor: position.cursor - position.scroll), rect: listRect, focused: true)
        if people.count > listRect.height {
            buffer.drawScrollMarks(rect, above: position.scroll, below: people.count - position.scroll - listRect.height, focused: true)
        }
    }

    func bar(_ app: AppState) -> (lead: Line, status: String) {
        ([], counted(PeoplePicker.people(app.timeline, filter: filter).count, "person", "people"))
    }
}
