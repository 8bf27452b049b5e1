import TimelineModel

/// An event's sources side by side: the claims it makes as rows, marked by the sources that
/// support each, then one column per source with the passages that source gives for the event.
/// Tab moves between columns, j/k between a column's passages, Enter opens one in its source.
struct CompareView: BrowserView {
    var mode: Mode { .compare }
    let event: Int
    private(set) var column = 0
    private(set) var passage = 0
    private(set) var scroll = 0
    /// Set when the chosen passage changes: the next settle brings it into view.
    private var reveal = false
    /// The view laid out once per width and search: settling, keys and drawing all need it.
    private var laidOut: Memo<Key, Layout>?

    /// What the layout depends on.
    struct Key: Equatable, Sendable {
        let width: Int
        let query: String?
    }

    init(event: Int) { self.event = event }

    /// The view laid out for a width: its lines, and the lines each passage takes.
    struct Layout: Sendable {
        var lines: [Line] = []
        /// For each source, the line range of each of its passages.
        var passageLines: [[Range<Int>]] = []
        var sources: [String] = []
        var passages: [[Quote]] = []
    }

    func body(_ area: Rect, _ app: AppState) -> LayoutPlan.Body { .full(area) }

    static func width(_ app: AppState) -> Int { max(1, app.size.width - 2) }

    mutating func prepare(_ app: AppState) {
        let key = Key(width: CompareView.width(app), query: app.query)
        if laidOut.value(for: key) == nil { laidOut = Memo(key: key, value: build(app, width: key.width)) }
    }

    /// The layout for `width`, from the memo when it holds it.
    func layout(_ app: AppState, width: Int) -> Layout {
        laidOut.value(for: Key(width: width, query: app.query)) ?? build(app, width: width)
    }

    func build(_ app: AppState, width: Int) -> Layout {
        let t = app.timeline
        let text = app.highlighter
        let sourcing = t.sourcing(of: event)
        var result = Layout()
        result.sources = sourcing.sources
        result.passages = sourcing.sources.map { sourcing.passages[$0] ?? [] }
        let ev = t.events[event]
        result.lines += t.dateLines(of: ev).flatMap { text.wrapped($0, .accent, width: width) }
        result.lines += text.wrapped(ev.title, .heading, width: width)
        let count = sourcing.sources.count
        result.lines += text.wrapped(count > 1 ? "Corroborated: \(count) sources" : count == 1 ? "One source only" : "No source cited", .dim, width: width)
        result.lines.append([])

        // Claims: a label, then a mark per source.
        // Each source's mark column is as wide as its outlet's name, when that leaves the claims half the width.
        let longest = sourcing.sources.map { TerminalText.displayWidth(t.sourceWithoutText($0)?.outlet ?? $0) }.max() ?? 0
        let markWidth = max(5, min(longest + 2, count > 0 ? width / 2 / count : 5))
        let labelWidth = max(10, width - markWidth * count)
        let heads = sourcing.sources.map { TerminalText.pad(TerminalText.truncate(" " + (t.sourceWithoutText($0)?.outlet ?? $0), to: markWidth - 1), to: markWidth) }
        result.lines.append([Span(TerminalText.pad("Claims", to: labelWidth), .title)] + heads.map { Span($0, .title) })
        for claim in sourcing.claims {
            let label: String = switch claim.subject {
            case .part(let p): t.people[p].name + ": " + (ev.participants.first { $0.person == t.people[p].id }?.part ?? "")
            case .change(let m, let c): t.measures[m].name + ": " + t.measures[m].changes[c].status.rawValue
            }
            let wrapped = text.wrapped(label, .normal, width: labelWidth - 1)
            for (i, line) in wrapped.enumerated() {
                let marks = i == 0 ? sourcing.sources.map { claim.sources.contains($0) ? Span(TerminalText.pad("  ✓", to: markWidth), .accent) : Span(TerminalText.pad("  ·", to: markWidth), .dim) } : []
                let used = line.reduce(0) { $0 + TerminalText.displayWidth($1.text) }
                result.lines.append(line + [Span(String(repeating: " ", count: max(0, labelWidth - used)))] + marks)
            }
        }
        if sourcing.claims.isEmpty { result.lines.append([Span("No people or measure changes to support.", .dim)]) }
        result.lines.append([])

        // The passages, one column per source.
        guard count > 0 else { return result }
        let gap = 2
        let columnWidth = max(8, (width - gap * (count - 1)) / count)
        var columns: [[Line]] = []
        result.passageLines = Array(repeating: [], count: count)
        let top = result.lines.count + 1
        for (s, source) in sourcing.sources.enumerated() {
            var lines: [Line] = []
            for quote in result.passages[s] {
                let start = lines.count
                lines += text.wrapped(Wording.quoted(quote.text), .normal, width: columnWidth)
                result.passageLines[s].append((top + start)..<(top + lines.count))
                lines.append([])
            }
            columns.append([[Span(TerminalText.truncate(t.sourceWithoutText(source)?.outlet ?? source, to: columnWidth), .title)]] + lines)
        }
        let height = columns.map(\.count).max() ?? 0
        for row in 0..<height {
            var line: Line = []
            for (c, column) in columns.enumerated() {
                let part = row < column.count ? column[row] : []
                let used = part.reduce(0) { $0 + TerminalText.displayWidth($1.text) }
                line += part + [Span(String(repeating: " ", count: max(0, columnWidth - used) + (c + 1 < count ? gap : 0)))]
            }
            result.lines.append(line)
        }
        return result
    }

    func inner(_ app: AppState) -> Rect? {
        guard case .full(let rect) = app.plan.body else { return nil }
        return rect.inset(1)
    }

    mutating func settle(_ app: AppState) {
        guard let rect = inner(app) else { return }
        let laid = layout(app, width: max(1, rect.width))
        column = min(max(0, column), max(0, laid.sources.count - 1))
        let passages = laid.passageLines.indices.contains(column) ? laid.passageLines[column] : []
        passage = min(max(0, passage), max(0, passages.count - 1))
        if reveal, passages.indices.contains(passage) {
            let lines = passages[passage]
            if lines.upperBound > scroll + rect.height { scroll = lines.upperBound - rect.height }
            if lines.lowerBound < scroll { scroll = lines.lowerBound }
        }
        reveal = false
        scroll = min(max(0, scroll), max(0, laid.lines.count - rect.height))
    }

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome {
        let laid = inner(app).map { layout(app, width: max(1, $0.width)) }
        let count = laid?.sources.count ?? 0
        reveal = [.moveDown, .moveUp, .first, .last, .nextPane, .previousPane].contains(action)
        switch action {
        case .moveDown: passage += 1
        case .moveUp: passage = max(0, passage - 1)
        case .pageDown: scroll = scroll.saturatingAdd(max(1, (inner(app)?.height ?? 2) - 1))
        case .pageUp: scroll = max(0, scroll - max(1, (inner(app)?.height ?? 2) - 1))
        case .first: passage = 0; scroll = 0
        case .last: passage = Int.max / 2
        case .nextPane, .previousPane:
            guard count > 0 else { break }
            column = (column + (action == .nextPane ? 1 : count - 1)) % count
            passage = 0
        case .open:
            guard let laid, laid.passages.indices.contains(column), laid.passages[column].indices.contains(passage) else { break }
            let quote = laid.passages[column][passage]
            if let target = app.timeline.passageTarget(quote, use: nil) { return .open(target) }
        default: break
        }
        return .done
    }

    mutating func click(_ button: MouseButton, x: Int, y: Int, _ app: inout AppState) { scroll = wheeled(scroll, button) }

    func draw(_ buffer: inout ScreenBuffer, _ app: AppState) {
        guard case .full(let rect) = app.plan.body else { return }
        buffer.pane(rect, title: "Sources side by side · \(app.timeline.events[event].title)", focused: true)
        let area = rect.inset(1)
        guard !area.isEmpty else { return }
        let laid = layout(app, width: area.width)
        buffer.drawLines(laid.lines, scroll: scroll, rect: area, frame: rect, focused: true)
        // The chosen passage: its column's cells marked on its lines.
        guard laid.passageLines.indices.contains(column), laid.passageLines[column].indices.contains(passage) else { return }
        let count = laid.sources.count
        let columnWidth = max(8, (area.width - 2 * (count - 1)) / count)
        let x = area.x + column * (columnWidth + 2)
        for line in laid.passageLines[column][passage] where line >= scroll && line < scroll + area.height {
            buffer.markSelected(x: x, y: area.y + line - scroll, width: min(columnWidth, area.maxX - x), focused: true)
        }
    }

    func status(_ app: AppState) -> String {
        let sources = app.timeline.sourcing(of: event).sources
        guard sources.indices.contains(column) else { return "" }
        return (app.timeline.sourceWithoutText(sources[column])?.outlet ?? sources[column]) + " · column \(column + 1)/\(sources.count)"
    }
}
