import TimelineModel

/// What Enter on an item opens.
public enum ItemTarget: Sendable, Hashable {
    case person(Int)
    case measure(Int)
    case citation(source: Int, index: Int)
    case event(Int)
}

/// One entry of a list: its lines, already wrapped to the list's width.
public struct ListItem: Sendable {
    public var lines: [Line]
    public var target: ItemTarget?
    public var selectable: Bool { target != nil }
}

extension AppState {
    /// `text` as spans, with every match of the current search marked.
    func highlighted(_ text: String, _ style: Style) -> Line {
        let clean = TerminalText.sanitize(text)
        guard let query = searchQuery else { return [Span(clean, style)] }
        var spans: Line = []
        var index = clean.startIndex
        for range in query.ranges(in: clean) {
            if index < range.lowerBound { spans.append(Span(String(clean[index..<range.lowerBound]), style)) }
            spans.append(Span(String(clean[range]), .match))
            index = range.upperBound
        }
        if index < clean.endIndex { spans.append(Span(String(clean[index...]), style)) }
        return spans
    }

    /// Word-wrapped, sanitised, with matches marked; every line indented by `indent`.
    func wrapped(_ text: String, _ style: Style, width: Int, indent: Int = 0) -> [Line] {
        let pad = String(repeating: " ", count: indent)
        return TerminalText.wrap(TerminalText.sanitize(text), width: max(1, width - indent)).map { [Span(pad)] + highlighted($0, style) }
    }

    /// Where a derived date came from, for the event pane and the involvement view.
    func dateLine(_ event: Event) -> String {
        let date = event.date.date
        var text = date.readable
        if date.precision != .day { text += " (\(date.precision.rawValue) precision)" }
        if let derivation = event.date.derivation {
            let outlet = timeline.source(derivation.source)?.outlet ?? derivation.source
            text += " · from “\(derivation.phrase)” in \(outlet), resolved against \(derivation.anchor.readable)"
        }
        return text
    }

    func detailKey(width: Int) -> DetailKey { DetailKey(selected: selected, width: width, query: query) }

    /// The event pane's lines, from the memo when it holds this width.
    func eventLines(width: Int) -> [Line] {
        detailMemo.value(for: detailKey(width: width))?.event ?? buildEventLines(width: width)
    }

    /// The items of a detail pane, from the memo when it holds this width.
    func items(for pane: Pane, width: Int) -> [ListItem] {
        detailMemo.value(for: detailKey(width: width))?.items[pane] ?? buildItems(for: pane, width: width)
    }

    /// Builds the detail panes' content once per selection, width and search, since layout,
    /// settling and drawing all need it.
    mutating func refreshDetailMemo(width: Int) {
        let key = detailKey(width: width)
        guard detailMemo.value(for: key) == nil else { return }
        let items = Dictionary(uniqueKeysWithValues: [Pane.people, .measures, .quotes].map { ($0, buildItems(for: $0, width: width)) })
        detailMemo = Memo(key: key, value: DetailContent(event: buildEventLines(width: width), items: items))
    }

    /// The event pane: date and its derivation, title, background flag, summary.
    func buildEventLines(width: Int) -> [Line] {
        guard let event = selectedEvent else { return [[Span("No events.", .dim)]] }
        var lines = wrapped(dateLine(event), .accent, width: width)
        lines += wrapped(event.title, .heading, width: width)
        if event.background { lines.append([Span("Background: before the G20 meeting", .background)]) }
        lines.append([])
        lines += wrapped(event.summary, .normal, width: width)
        return lines
    }

    func sourceLabel(_ id: String) -> String {
        guard let source = timeline.source(id) else { return id }
        var label = source.outlet
        if let author = source.author { label += " (\(author))" }
        label += ", " + source.published.date.compact + (source.published.stated ? "" : " (date inferred)")
        return label
    }

    /// The items of the people, measures and quotes panes for the selected event.
    func buildItems(for pane: Pane, width: Int) -> [ListItem] {
        guard let event = selectedEvent else { return [] }
        switch pane {
        case .people:
            return event.participants.compactMap { participant in
                guard let p = timeline.personIndex[participant.person] else { return nil }
                let head = highlighted(timeline.people[p].name, .heading) + [Span(" · ", .dim)] + highlighted(participant.role, .dim)
                return ListItem(lines: [head] + wrapped(participant.part, .normal, width: width, indent: 2), target: .person(p))
            }
        case .measures:
            return timeline.changesOfEvent[selected].map { ref in
                let measure = timeline.measures[ref.measure]
                let change = measure.changes[ref.change]
                var lines: [Line] = [[Span(change.status.rawValue, .accent), Span(" ")] + highlighted(measure.name, .normal)]
                if let note = change.note { lines += wrapped(note, .dim, width: width, indent: 2) }
                return ListItem(lines: lines, target: .measure(ref.measure))
            }
        case .quotes:
            return event.quotes.enumerated().map { i, quote in
                var lines = wrapped("“" + quote.text + "”", .normal, width: width)
                lines += wrapped("— " + sourceLabel(quote.source), .dim, width: width, indent: 2)
                if i + 1 < event.quotes.count { lines.append([]) }
                return ListItem(lines: lines, target: citationTarget(quote, use: .event(selected)))
            }
        case .timeline, .event:
            return []
        }
    }

    func citationTarget(_ quote: Quote, use: QuoteUse?) -> ItemTarget? {
        guard let s = timeline.sourceIndex[quote.source] else { return nil }
        let citations = timeline.citationsOfSource[s]
        let index = citations.firstIndex { $0.quote == quote && (use == nil || $0.use == use) }
            ?? citations.firstIndex { $0.quote.start == quote.start && $0.quote.end == quote.end }
        return index.map { .citation(source: s, index: $0) }
    }

    /// A person's involvement, from the memo when it holds this person and width.
    func involvementItems(person p: Int, width: Int) -> [ListItem] {
        listMemo.value(for: FullListKey(subject: .person(p), width: width, query: query)) ?? buildInvolvementItems(person: p, width: width)
    }

    /// A measure's history, from the memo when it holds this measure and width.
    func measureItems(measure m: Int, width: Int) -> [ListItem] {
        listMemo.value(for: FullListKey(subject: .measure(m), width: width, query: query)) ?? buildMeasureItems(measure: m, width: width)
    }

    /// Lays out the full-screen view once per view, width and search: a person may take part in
    /// hundreds of events and a source may be long, and every key in the view needs the layout.
    mutating func refreshFullViewMemo(width: Int) {
        switch view {
        case .involvement(let p, _):
            let key = FullListKey(subject: .person(p), width: width, query: query)
            if listMemo.value(for: key) == nil { listMemo = Memo(key: key, value: buildInvolvementItems(person: p, width: width)) }
        case .measureHistory(let m, _):
            let key = FullListKey(subject: .measure(m), width: width, query: query)
            if listMemo.value(for: key) == nil { listMemo = Memo(key: key, value: buildMeasureItems(measure: m, width: width)) }
        case .reader(let s, let citation, _):
            let key = ReaderKey(source: s, citation: citation, width: width)
            if readerMemo.value(for: key) == nil { readerMemo = Memo(key: key, value: buildReaderPage(source: s, citation: citation, width: width)) }
        case .browse:
            break
        }
    }

    /// A person's roles with their quotes, then their events, each a jump.
    func buildInvolvementItems(person p: Int, width: Int) -> [ListItem] {
        let person = timeline.people[p]
        var header: [Line] = wrapped(person.name, .heading, width: width)
        header += wrapped(person.country + (person.shortNames.isEmpty ? "" : " · searched as " + person.shortNames.joined(separator: ", ")), .dim, width: width)
        header += [[], [Span("Roles", .title)]]
        var items = [ListItem(lines: header, target: nil)]
        for role in person.roles {
            var lines = wrapped(role.title, .normal, width: width, indent: 2)
            lines += wrapped("“" + role.quote.text + "”", .dim, width: width, indent: 4)
            lines += wrapped("— " + sourceLabel(role.quote.source), .dim, width: width, indent: 6)
            items.append(ListItem(lines: lines, target: citationTarget(role.quote, use: nil)))
        }
        let events = timeline.eventsOfPerson[p]
        items.append(ListItem(lines: [[], [Span("Events (\(events.count)) · Enter jumps to one, then ] and [ step through them", .title)]], target: nil))
        for e in events {
            let event = timeline.events[e]
            var lines: [Line] = [[Span(TerminalText.pad(event.date.date.compact, to: 16), event.background ? .background : .accent)] + highlighted(event.title, .normal)]
            if let part = event.participants.first(where: { $0.person == person.id }) {
                lines += wrapped(part.role + ": " + part.part, .dim, width: width, indent: 16)
            }
            items.append(ListItem(lines: lines, target: .event(e)))
        }
        return items
    }

    /// A measure's description and every change, each a jump to its event.
    func buildMeasureItems(measure m: Int, width: Int) -> [ListItem] {
        let measure = timeline.measures[m]
        var header: [Line] = wrapped(measure.name, .heading, width: width)
        header += wrapped(measure.kind.rawValue, .dim, width: width)
        for (label, value) in [("Amount", measure.covers.amount), ("Rate", measure.covers.rate), ("Products", measure.covers.products)] {
            if let value { header += wrapped("\(label): \(value)", .normal, width: width, indent: 2) }
        }
        var items = [ListItem(lines: header, target: nil)]
        for quote in measure.quotes {
            var lines = wrapped("“" + quote.text + "”", .dim, width: width, indent: 2)
            lines += wrapped("— " + sourceLabel(quote.source), .dim, width: width, indent: 4)
            items.append(ListItem(lines: lines, target: citationTarget(quote, use: .measure(m))))
        }
        items.append(ListItem(lines: [[], [Span("Changes (\(measure.changes.count)) · Enter jumps to the event", .title)]], target: nil))
        for change in measure.changes {
            guard let e = timeline.eventIndex[change.event] else { continue }
            let event = timeline.events[e]
            var lines: [Line] = [[Span(TerminalText.pad(event.date.date.compact, to: 16), .accent), Span(TerminalText.pad(change.status.rawValue, to: 10), .heading)]
                + highlighted(event.title, .normal)]
            if let note = change.note { lines += wrapped(note, .dim, width: width, indent: 26) }
            lines += wrapped("“" + change.quote.text + "”", .dim, width: width, indent: 26)
            items.append(ListItem(lines: lines, target: .event(e)))
        }
        return items
    }

    /// The people the picker shows for its filter: name, id, short names and roles match, smart case.
    func pickerPeople(filter: String) -> [Int] {
        let query = SearchQuery(filter)
        return timeline.people.indices.filter { p in
            guard !filter.isEmpty else { return true }
            let person = timeline.people[p]
            return ([person.name, person.id] + person.shortNames + person.roles.map(\.title)).contains { query.matches($0) }
        }
    }

    /// One line per person; built only for the rows on screen, since a timeline may name thousands.
    func pickerItems(_ people: ArraySlice<Int>) -> [ListItem] {
        people.map { p in
            let person = timeline.people[p]
            let count = timeline.eventsOfPerson[p].count
            let line: Line = [Span(person.name, .heading), Span(" · " + (person.roles.first?.title ?? "") + " · \(count) event\(count == 1 ? "" : "s")", .dim)]
            return ListItem(lines: [line], target: .person(p))
        }
    }
}

/// Content laid out once for what it depends on (`key`) and kept until that changes: on each
/// key, laying out, settling and drawing all need the same lines.
struct Memo<Key: Equatable & Sendable, Value: Sendable>: Sendable {
    let key: Key
    let value: Value
}

extension Optional {
    func value<Key, Value>(for key: Key) -> Value? where Wrapped == Memo<Key, Value> {
        guard let memo = self, memo.key == key else { return nil }
        return memo.value
    }
}

/// What the detail panes' content depends on.
struct DetailKey: Equatable, Sendable {
    let selected: Int
    let width: Int
    let query: String?
}

struct DetailContent: Sendable {
    let event: [Line]
    let items: [Pane: [ListItem]]
}

/// What an involvement's or a measure history's list depends on.
struct FullListKey: Equatable, Sendable {
    let subject: ItemTarget
    let width: Int
    let query: String?
}

/// What the source reader's page depends on.
struct ReaderKey: Equatable, Sendable {
    let source: Int
    let citation: Int
    let width: Int
}

/// Geometry of a list: which lines each item takes, and keeping the cursor in view.
struct ListGeometry {
    let items: [ListItem]
    let starts: [Int]
    let lineCount: Int

    init(_ items: [ListItem]) {
        self.items = items
        var starts: [Int] = []
        var line = 0
        for item in items {
            starts.append(line)
            line += item.lines.count
        }
        self.starts = starts
        lineCount = line
    }

    var selectable: [Int] { items.indices.filter { items[$0].selectable } }

    /// The cursor (an index among selectable items) clamped, and a scroll that shows it.
    func settle(_ position: ListPosition, height: Int) -> ListPosition {
        let choices = selectable
        var result = position
        result.cursor = choices.isEmpty ? 0 : min(max(0, position.cursor), choices.count - 1)
        let maxScroll = max(0, lineCount - height)
        result.scroll = min(max(0, position.scroll), maxScroll)
        guard !choices.isEmpty, height > 0 else { return result }
        let item = choices[result.cursor]
        let top = starts[item]
        let bottom = top + items[item].lines.count
        if bottom > result.scroll + height { result.scroll = min(top, bottom - height) }
        if top < result.scroll { result.scroll = top }
        // The first item's header lines come into view when the cursor is at the top.
        if result.cursor == 0 && bottom <= height { result.scroll = 0 }
        return result
    }

    func selectedItem(_ position: ListPosition) -> ListItem? {
        let choices = selectable
        guard choices.indices.contains(position.cursor) else { return nil }
        return items[choices[position.cursor]]
    }

    /// The selectable item under a line of the list, as a cursor value.
    func cursor(atLine line: Int) -> Int? {
        guard line >= 0, line < lineCount else { return nil }
        guard let item = starts.lastIndex(where: { $0 <= line }), items[item].selectable else { return nil }
        return selectable.firstIndex(of: item)
    }
}
