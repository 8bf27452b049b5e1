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

    /// A person's involvement: the head from the memo when it holds this person and width, one
    /// row per event, laid out when shown.
    func involvementList(person p: Int, width: Int) -> ListGeometry {
        let head = listMemo.value(for: FullListKey(subject: .person(p), width: width, query: query)) ?? buildInvolvementHead(person: p, width: width)
        let events = timeline.eventsOfPerson[p]
        let id = timeline.people[p].id
        return ListGeometry(fixed: head, rowCount: events.count, rowHeight: 2) { i in
            let event = timeline.events[events[i]]
            let part = event.participants.first { $0.person == id }.map { $0.role + ": " + $0.part } ?? ""
            return ListItem(lines: [[Span(TerminalText.pad(event.date.date.compact, to: 16), event.background ? .background : .accent)] + highlighted(event.title, .normal),
                                    [Span(String(repeating: " ", count: 16))] + highlighted(part, .dim)],
                            target: .event(events[i]))
        }
    }

    /// A measure's history, from the memo when it holds this measure and width: laid out in
    /// full, each change with its quote (a measure changes a few dozen times, not thousands).
    func measureList(measure m: Int, width: Int) -> ListGeometry {
        ListGeometry(listMemo.value(for: FullListKey(subject: .measure(m), width: width, query: query)) ?? buildMeasureItems(measure: m, width: width))
    }

    /// Lays out the head of a full-screen view (or a source's page) once per view, width and
    /// search: every key in the view needs it.
    mutating func refreshFullViewMemo(width: Int) {
        switch view {
        case .involvement(let p, _):
            let key = FullListKey(subject: .person(p), width: width, query: query)
            if listMemo.value(for: key) == nil { listMemo = Memo(key: key, value: buildInvolvementHead(person: p, width: width)) }
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

    /// A person's name and roles with their quotes, each a jump to the source, and the heading
    /// of their events.
    func buildInvolvementHead(person p: Int, width: Int) -> [ListItem] {
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
        let count = timeline.eventsOfPerson[p].count
        items.append(ListItem(lines: [[], [Span("Events (\(count)) · Enter jumps to one, then ] and [ step through them", .title)]], target: nil))
        return items
    }

    /// A measure's name, what it covers and its quotes, then every change, each a jump to its event.
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

/// Geometry of a list: which lines each item takes, and keeping the cursor in view. A list is
/// its `fixed` items, laid out in full, then `rowCount` rows of `rowHeight` lines each, every one
/// selectable and laid out only when needed (`row`): a person in a million events may be in
/// thousands, and a key must cost only the rows on screen.
struct ListGeometry {
    let fixed: [ListItem]
    let rowCount: Int
    let rowHeight: Int
    let row: (Int) -> ListItem
    private let fixedStarts: [Int]
    private let fixedLines: Int
    /// The fixed items that can be selected, in order; the rows come after them.
    private let fixedSelectable: [Int]

    init(_ items: [ListItem]) {
        self.init(fixed: items, rowCount: 0, rowHeight: 0) { _ in ListItem(lines: [], target: nil) }
    }

    init(fixed: [ListItem], rowCount: Int, rowHeight: Int, row: @escaping (Int) -> ListItem) {
        self.fixed = fixed
        self.rowCount = rowCount
        self.rowHeight = rowHeight
        self.row = row
        var starts: [Int] = []
        var line = 0
        for item in fixed {
            starts.append(line)
            line += item.lines.count
        }
        fixedStarts = starts
        fixedLines = line
        fixedSelectable = fixed.indices.filter { fixed[$0].selectable }
    }

    var count: Int { fixed.count + rowCount }
    var lineCount: Int { fixedLines + rowCount * rowHeight }
    var selectableCount: Int { fixedSelectable.count + rowCount }
    /// The cursor on the first item that jumps to an event (a history's first change, an
    /// involvement's first event), or 0 when there is none.
    var firstEventCursor: Int {
        let inHead = fixedSelectable.firstIndex { if case .event = fixed[$0].target { true } else { false } }
        return inHead ?? (rowCount > 0 ? fixedSelectable.count : 0)
    }

    func item(_ index: Int) -> ListItem { index < fixed.count ? fixed[index] : row(index - fixed.count) }
    func start(_ index: Int) -> Int { index < fixed.count ? fixedStarts[index] : fixedLines + (index - fixed.count) * rowHeight }
    func height(_ index: Int) -> Int { index < fixed.count ? fixed[index].lines.count : rowHeight }

    /// The item a cursor (an index among selectable items) is on.
    func itemIndex(ofCursor cursor: Int) -> Int {
        cursor < fixedSelectable.count ? fixedSelectable[cursor] : fixed.count + cursor - fixedSelectable.count
    }

    /// The cursor clamped, and a scroll that shows it.
    func settle(_ position: ListPosition, height: Int) -> ListPosition {
        var result = position
        result.cursor = selectableCount == 0 ? 0 : min(max(0, position.cursor), selectableCount - 1)
        let maxScroll = max(0, lineCount - height)
        result.scroll = min(max(0, position.scroll), maxScroll)
        guard selectableCount > 0, height > 0 else { return result }
        let item = itemIndex(ofCursor: result.cursor)
        let top = start(item)
        let bottom = top + self.height(item)
        if bottom > result.scroll + height { result.scroll = min(top, bottom - height) }
        if top < result.scroll { result.scroll = top }
        // The first item's header lines come into view when the cursor is at the top.
        if result.cursor == 0 && bottom <= height { result.scroll = 0 }
        return result
    }

    func selectedItem(_ position: ListPosition) -> ListItem? {
        guard position.cursor >= 0, position.cursor < selectableCount else { return nil }
        return item(itemIndex(ofCursor: position.cursor))
    }

    /// The item a line of the list belongs to.
    func itemIndex(atLine line: Int) -> Int? {
        guard line >= 0, line < lineCount else { return nil }
        if line >= fixedLines { return fixed.count + (line - fixedLines) / rowHeight }
        return fixedStarts.lastIndex { $0 <= line }
    }

    /// The selectable item under a line of the list, as a cursor value.
    func cursor(atLine line: Int) -> Int? {
        guard let index = itemIndex(atLine: line) else { return nil }
        if index >= fixed.count { return fixedSelectable.count + index - fixed.count }
        return fixedSelectable.firstIndex(of: index)
    }
}
