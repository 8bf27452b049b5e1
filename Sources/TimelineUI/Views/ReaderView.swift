import TimelineModel

/// A source in full: its header, then the whole text with the chosen passage highlighted and
/// scrolled into view (`▌` in the gutter) and the other cited passages marked (`│`).
struct ReaderView: BrowserView {
    var mode: Mode { .reader }
    let source: Int
    private(set) var citation: Int
    private(set) var scroll = 0
    /// Set when the passage changes: the next settle brings it into view (centred on opening).
    private var reveal: Reveal? = .centre
    private var page: Memo<Key, Page>?

    enum Reveal: Sendable { case centre, keepInView }

    /// What the page depends on.
    struct Key: Equatable, Sendable {
        let citation: Int
        let width: Int
    }

    /// The text laid out for one width.
    struct Page: Sendable {
        var lines: [Line]
        /// The line on which each citation starts.
        var citationLine: [Int]
    }

    init(source: Int, citation: Int) {
        self.source = source
        self.citation = citation
    }

    func body(_ area: Rect, _ app: AppState) -> LayoutPlan.Body { .full(area) }

    static func width(_ app: AppState) -> Int { max(1, app.size.width - 2) }

    mutating func prepare(_ app: AppState) {
        let key = Key(citation: citation, width: ReaderView.width(app))
        if page.value(for: key) == nil { page = Memo(key: key, value: ReaderView.layOut(app, source: source, citation: citation, width: key.width)) }
    }

    func laidOut(_ app: AppState) -> Page {
        page.value(for: Key(citation: citation, width: ReaderView.width(app))) ?? ReaderView.layOut(app, source: source, citation: citation, width: ReaderView.width(app))
    }

    func textHeight(_ app: AppState) -> Int {
        guard case .full(let rect) = app.plan.body else { return 1 }
        return max(1, rect.height - 2)
    }

    mutating func settle(_ app: AppState) {
        let count = app.timeline.citationsOfSource[source].count
        citation = min(max(0, citation), max(0, count - 1))
        let page = laidOut(app)
        let height = textHeight(app)
        if let reveal, page.citationLine.indices.contains(citation) {
            let line = page.citationLine[citation]
            if reveal == .centre || line < scroll || line >= scroll + height - 2 { scroll = max(0, line - height / 3) }
        }
        reveal = nil
        scroll = min(max(0, scroll), max(0, page.lines.count - height))
    }

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome {
        let page = max(1, textHeight(app) - 1)
        switch action {
        case .moveDown: scroll = scroll.saturatingAdd(1)
        case .moveUp: scroll -= 1
        case .pageDown: scroll = scroll.saturatingAdd(page)
        case .pageUp: scroll -= page
        case .first: scroll = 0
        case .last: scroll = Int.max / 2
        case .nextMatch, .previousMatch:
            let delta = action == .nextMatch ? 1 : -1
            let next = citation + delta
            guard next >= 0, next < app.timeline.citationsOfSource[source].count else {
                app.message = delta > 0 ? "Last cited passage" : "First cited passage"
                break
            }
            citation = next
            reveal = .keepInView
        case .open:
            let citations = app.timeline.citationsOfSource[source]
            guard citations.indices.contains(citation) else { break }
            let use = citations[citation].use
            if let e = app.timeline.eventIndex(of: use) { return .open(.event(e)) }
            if case .role(let p, _) = use { return .open(.person(p)) }
            if case .measure(let m) = use { return .open(.measure(m)) }
        default: break
        }
        return .done
    }

    mutating func click(_ button: MouseButton, x: Int, y: Int, _ app: inout AppState) {
        switch button {
        case .wheelUp: scroll -= 3
        case .wheelDown: scroll += 3
        case .left: break
        }
    }

    func draw(_ buffer: inout ScreenBuffer, _ app: AppState) {
        guard case .full(let rect) = app.plan.body else { return }
        buffer.pane(rect, title: "Source · \(app.timeline.sources[source].outlet)", focused: true)
        let inner = rect.inset(1)
        guard !inner.isEmpty else { return }
        buffer.drawLines(laidOut(app).lines, scroll: scroll, rect: inner, frame: rect, focused: true)
    }

    func status(_ app: AppState) -> String {
        let citations = app.timeline.citationsOfSource[source]
        guard citations.indices.contains(citation) else { return "" }
        return "passage \(citation + 1)/\(citations.count) · \(app.timeline.citedBy(citations[citation].use))"
    }

    /// Header (outlet, title, author, date), then the whole text wrapped to `width`, with the
    /// current passage and every other cited passage marked.
    static func layOut(_ app: AppState, source s: Int, citation current: Int, width: Int) -> Page {
        let text = Highlighter(query: nil)
        let source = app.timeline.sources[s]
        let citations = app.timeline.citationsOfSource[s]
        var lines: [Line] = text.wrapped(source.title, .heading, width: width)
        let published = source.published
        var date = published.date.readable + (published.time.map { ", \($0)" } ?? "") + (published.timeZone.map { " \($0)" } ?? "")
        if !published.stated { date += " (not stated; inferred)" }
        lines += text.wrapped([source.outlet, source.author, source.kind.rawValue, date].compactMap { $0 }.joined(separator: " · "), .dim, width: width)
        if let reason = published.reason { lines += text.wrapped("Date: " + reason, .dim, width: width) }
        lines.append([Span(String(repeating: "─", count: max(0, width)), .border)])
        let textTop = lines.count

        // Style of every scalar: current passage over cited passages over plain text.
        let scalars = Array(source.text.unicodeScalars)
        var styleOf = [Style](repeating: .normal, count: scalars.count + 1)
        for citation in citations {
            for i in citation.quote.start..<min(citation.quote.end, scalars.count) where styleOf[i] == .normal { styleOf[i] = .cited }
        }
        if citations.indices.contains(current) {
            let quote = citations[current].quote
            for i in quote.start..<min(quote.end, scalars.count) { styleOf[i] = .current }
        }

        // Display characters (sanitised per character) and the scalar each comes from.
        var characters: [Character] = []
        var origin: [Int] = []
        var offset = 0
        for character in source.text {
            let count = character.unicodeScalars.count
            if character == "\n" || character == "\r\n" {
                characters.append("\n")
                origin.append(offset)
            } else {
                for shown in TerminalText.sanitize(String(character)) {
                    characters.append(shown)
                    origin.append(offset)
                }
            }
            offset += count
        }
        var citationLine = Array(repeating: textTop, count: citations.count)
        var nextCitation = 0
        // A two-cell gutter marks lines of the current passage (▌) and of other cited ones (│),
        // so the marks survive on terminals without colour.
        for range in TerminalText.wrapRanges(characters, width: max(1, width - 2)) {
            var line: Line = []
            for i in range {
                let style = styleOf[origin[i]]
                if let last = line.last, last.style == style {
                    line[line.count - 1].text.append(characters[i])
                } else {
                    line.append(Span(String(characters[i]), style))
                }
            }
            // A citation starts on this line if its first scalar is on it (or in the break before the next).
            let lineEnd = range.upperBound < origin.count ? origin[range.upperBound] : offset
            while nextCitation < citations.count && citations[nextCitation].quote.start < max(lineEnd, range.isEmpty ? 0 : origin[range.lowerBound] + 1) {
                citationLine[nextCitation] = lines.count
                nextCitation += 1
            }
            let styles = Set(line.map(\.style))
            let gutter = styles.contains(.current) ? Span("▌ ", .current) : styles.contains(.cited) ? Span("│ ", .cited) : Span("  ")
            lines.append([gutter] + line)
        }
        while nextCitation < citations.count { citationLine[nextCitation] = max(textTop, lines.count - 1); nextCitation += 1 }
        return Page(lines: lines, citationLine: citationLine)
    }
}
