import TimelineModel

/// The source reader's text, laid out for one width.
struct ReaderPage: Sendable {
    var lines: [Line]
    /// The line on which each citation starts.
    var citationLine: [Int]
}

extension AppState {
    /// The reader's page, from the memo when it holds this passage and width.
    func readerPage(source s: Int, citation: Int, width: Int) -> ReaderPage {
        readerMemo.value(for: ReaderKey(source: s, citation: citation, width: width)) ?? buildReaderPage(source: s, citation: citation, width: width)
    }

    /// Header (outlet, title, author, date), then the whole text wrapped to `width`, with the
    /// current passage and every other cited passage marked.
    func buildReaderPage(source s: Int, citation current: Int, width: Int) -> ReaderPage {
        let source = timeline.sources[s]
        let citations = timeline.citationsOfSource[s]
        var lines: [Line] = wrapped(source.title, .heading, width: width)
        let published = source.published
        var date = published.date.readable + (published.time.map { ", \($0)" } ?? "") + (published.timeZone.map { " \($0)" } ?? "")
        if !published.stated { date += " (not stated; inferred)" }
        lines += wrapped([source.outlet, source.author, source.kind.rawValue, date].compactMap { $0 }.joined(separator: " · "), .dim, width: width)
        if let reason = published.reason { lines += wrapped("Date: " + reason, .dim, width: width) }
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
        return ReaderPage(lines: lines, citationLine: citationLine)
    }
}
