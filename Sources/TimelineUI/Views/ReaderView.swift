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
    /// The source search this view last brought a hit into view for.
    private var revealedQuery: String?

    enum Reveal: Sendable { case centre, keepInView }

    /// What the page depends on.
    struct Key: Equatable, Sendable {
        let citation: Int
        let width: Int
        let query: String?
    }

    /// The text laid out for one width.
    struct Page: Sendable {
        var lines: [Line]
        /// The line on which each citation starts.
        var citationLine: [Int]
        /// The lines with a hit of the source search.
        var hitLines: [Int]
        /// The line of the source text each page line shows (the header's lines: 1).
        var sourceLines: [Int]
        /// The line on which each passage no quote cites starts.
        var uncitedLines: [Int]
    }

    init(source: Int, citation: Int) {
        self.source = source
        self.citation = citation
    }

    /// The reader on the same passage and line, kept across a reload.
    init(source: Int, citation: Int, scroll: Int) {
        self.init(source: source, citation: citation)
        self.scroll = scroll
        reveal = nil
    }

    func body(_ area: Rect, _ app: AppState) -> LayoutPlan.Body { .full(area) }

    static func width(_ app: AppState) -> Int { max(1, app.size.width - 2) }

    mutating func prepare(_ app: AppState) {
        let key = Key(citation: citation, width: ReaderView.width(app), query: app.sourceQuery)
        if page.value(for: key) == nil { page = Memo(key: key, value: ReaderView.layOut(app, source: source, citation: citation, width: key.width)) }
    }

    func laidOut(_ app: AppState) -> Page {
        page.value(for: Key(citation: citation, width: ReaderView.width(app), query: app.sourceQuery))
            ?? ReaderView.layOut(app, source: source, citation: citation, width: ReaderView.width(app))
    }

    /// How many lines hold a hit of the source search.
    func hitCount(_ app: AppState) -> Int { laidOut(app).hitLines.count }

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
        // A new search brings its first hit from here on into view.
        if app.sourceQuery != revealedQuery {
            revealedQuery = app.sourceQuery
            if let hit = page.hitLines.first(where: { $0 >= scroll }) ?? page.hitLines.first, hit < scroll || hit >= scroll + height { scroll = max(0, hit - height / 3) }
        }
        scroll = min(max(0, scroll), max(0, page.lines.count - height))
    }

    mutating func perform(_ action: Action, _ app: inout AppState) -> Outcome {
        if let moved = scrolled(scroll, by: action, page: max(1, textHeight(app) - 1)) {
            scroll = moved
            return .done
        }
        switch action {
        case .search:
            app.overlay = SearchPrompt(previousQuery: app.sourceQuery, previousSelection: app.selected, inSource: true)
        case .nextMatch, .previousMatch:
            let hits = laidOut(app).hitLines
            guard app.sourceQuery != nil, !hits.isEmpty else {
                app.message = app.sourceQuery.map { "Nothing in this source matches “\($0)”" } ?? "No search · / searches this source"
                break
            }
            // The hit after (or before) the line a third of the way down, where a shown hit sits.
            let anchor = scroll + textHeight(app) / 3
            if let next = action == .nextMatch ? hits.first(where: { $0 > anchor }) : hits.last(where: { $0 < anchor }) {
                scroll = max(0, next - textHeight(app) / 3)
            } else {
                scroll = max(0, (action == .nextMatch ? hits[0] : hits[hits.count - 1]) - textHeight(app) / 3)
                app.message = action == .nextMatch ? "Search wrapped to the first hit" : "Search wrapped to the last hit"
            }
        case .nextUncited, .previousUncited:
            let starts = laidOut(app).uncitedLines
            guard !starts.isEmpty else { app.message = "Every passage of this source is cited"; break }
            let anchor = scroll + textHeight(app) / 3
            let forward = action == .nextUncited
            let target = (forward ? starts.first { $0 > anchor } : starts.last { $0 < anchor }) ?? (forward ? starts[0] : starts[starts.count - 1])
            scroll = max(0, target - textHeight(app) / 3)
            app.message = "Uncited passage \((starts.firstIndex(of: target) ?? 0) + 1) of \(starts.count)"
        case .copyQuote:
            let citations = app.timeline.citationsOfSource[source]
            if citations.indices.contains(citation) {
                app.pendingEffects.append(.copy(app.timeline.citation(citations[citation].quote), what: "the passage"))
                app.message = "Copied the passage as a citation"
            }
        case .nextCited, .previousCited:
            let delta = action == .nextCited ? 1 : -1
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

    mutating func click(_ button: MouseButton, x: Int, y: Int, _ app: inout AppState) { scroll = wheeled(scroll, button) }

    func draw(_ buffer: inout ScreenBuffer, _ app: AppState) {
        guard case .full(let rect) = app.plan.body else { return }
        buffer.pane(rect, title: "Source · \(app.timeline.sources[source].outlet)", focused: true)
        let inner = rect.inset(1)
        guard !inner.isEmpty else { return }
        buffer.drawLines(laidOut(app).lines, scroll: scroll, rect: inner, frame: rect, focused: true)
    }

    /// `e`: the source's text at the line on screen.
    func editRequest(_ app: AppState) -> EditRequest? {
        let page = laidOut(app)
        let line = page.sourceLines.indices.contains(scroll) ? page.sourceLines[scroll] : 1
        return EditRequest(.source(app.timeline.sources[source].id), at: .line(line))
    }

    func status(_ app: AppState) -> String {
        let citations = app.timeline.citationsOfSource[source]
        guard citations.indices.contains(citation) else { return "" }
        return "passage \(citation + 1)/\(citations.count) · \(app.timeline.label(of: citations[citation].use))"
    }

    /// Header (outlet, title, author, date), then the whole text wrapped to `width`, with the
    /// current passage and every other cited passage marked.
    static func layOut(_ app: AppState, source s: Int, citation current: Int, width: Int) -> Page {
        let text = Highlighter(query: nil)
        let search = app.sourceQuery.flatMap { $0.isEmpty ? nil : SearchQuery($0) }
        let source = app.timeline.sources[s]
        let citations = app.timeline.citationsOfSource[s]
        var lines: [Line] = text.wrapped(source.title, .heading, width: width)
        let published = source.published
        lines += text.wrapped([source.byline, source.kind.rawValue, published.label].joined(separator: " · "), .dim, width: width)
        if let reason = published.reason { lines += text.wrapped("Date: " + reason, .dim, width: width) }
        if let note = source.note { lines += text.wrapped("Note: " + note, .dim, width: width) }
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
        // What the sources say that the timeline does not use.
        let uncited = app.timeline.uncitedSpans(of: s)
        for span in uncited { for i in span.clamped(to: 0..<scalars.count) where styleOf[i] == .normal { styleOf[i] = .uncited } }
        var uncitedLines: [Int] = []
        var nextUncited = 0

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
        var hitLines: [Int] = []
        var sourceLines = Array(repeating: 1, count: textTop)
        var newlinesBefore = 0
        var counted = 0
        var nextCitation = 0
        // A two-cell gutter marks lines of the current passage (▌) and of other cited ones (│),
        // so the marks survive on terminals without colour.
        for range in TerminalText.wrapRanges(characters, width: max(1, width - 2)) {
            // The text's line this page line starts on: the newlines before it, counted once.
            while counted < range.lowerBound, counted < characters.count {
                if characters[counted] == "\n" { newlinesBefore += 1 }
                counted += 1
            }
            sourceLines.append(newlinesBefore + 1)
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
            // A span starts on this line if its first scalar is on it.
            while nextUncited < uncited.count && uncited[nextUncited].lowerBound < max(lineEnd, range.isEmpty ? 0 : origin[range.lowerBound] + 1) {
                uncitedLines.append(lines.count)
                nextUncited += 1
            }
            let styles = Set(line.map(\.style))
            let gutter = styles.contains(.current) ? Span("▌ ", .current) : styles.contains(.cited) ? Span("│ ", .cited)
                : styles.contains(.uncited) ? Span("┆ ", .uncited) : Span("  ")
            if let search {
                let marked = ReaderView.marking(line, search)
                if marked.count != line.count || marked.contains(where: { $0.style == .match }) {
                    hitLines.append(lines.count)
                    line = marked
                }
            }
            lines.append([gutter] + line)
        }
        while nextCitation < citations.count { citationLine[nextCitation] = max(textTop, lines.count - 1); nextCitation += 1 }
        return Page(lines: lines, citationLine: citationLine, hitLines: hitLines, sourceLines: sourceLines, uncitedLines: uncitedLines)
    }

    /// A line with the search's matches restyled, the rest keeping their styles.
    static func marking(_ line: Line, _ search: SearchQuery) -> Line {
        let text = line.map(\.text).joined()
        let ranges = search.ranges(in: text)
        guard !ranges.isEmpty else { return line }
        // Each character's style, then matches over them.
        var styles: [Style] = line.flatMap { span in Array(repeating: span.style, count: span.text.count) }
        let characters = Array(text)
        for range in ranges {
            let from = text.distance(from: text.startIndex, to: range.lowerBound), to = text.distance(from: text.startIndex, to: range.upperBound)
            for i in from..<min(to, styles.count) { styles[i] = .match }
        }
        var marked: Line = []
        for (i, character) in characters.enumerated() {
            if let last = marked.last, last.style == styles[i] { marked[marked.count - 1].text.append(character) } else { marked.append(Span(String(character), styles[i])) }
        }
        return marked
    }
}
