import TimelineModel

/// Turns data text into styled lines: sanitised, wrapped, and with every match of the search
/// marked. Every pane and view draws its text through one of these.
struct Highlighter: Sendable {
    let query: SearchQuery?

    /// `text` as spans, with every match of the search marked.
    func line(_ text: String, _ style: Style) -> Line {
        let clean = TerminalText.sanitize(text)
        guard let query else { return [Span(clean, style)] }
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

    /// Word-wrapped to `width`, every line indented by `indent`; line breaks in the text are kept.
    func wrapped(_ text: String, _ style: Style, width: Int, indent: Int = 0) -> [Line] {
        let pad = indent > 0 ? [Span(String(repeating: " ", count: indent))] : []
        // Paragraph breaks in the data (a converted timeline's HTML has them) stay breaks.
        return TerminalText.wrap(TerminalText.sanitize(text, multiline: true), width: max(1, width - indent)).map { pad + line($0, style) }
    }

    /// `text` wrapped beside a fixed-width label: the label on the first line, the same width of
    /// blanks before the others ("Tue 9 Jul 2019  Reuters: talks to restart…").
    func labelled(_ label: Span, width labelWidth: Int, _ text: String, _ style: Style, width: Int) -> [Line] {
        let lines = wrapped(text, style, width: width, indent: labelWidth)
        guard !lines.isEmpty else { return [[label]] }
        return lines.enumerated().map { i, line in
            [i == 0 ? Span(TerminalText.pad(label.text, to: labelWidth), label.style) : Span(String(repeating: " ", count: labelWidth))] + line.dropFirst()
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

/// "1 event", "1,234 events" (`Wording.counted`).
func counted(_ count: Int, _ singular: String, _ plural: String? = nil) -> String { Wording.counted(count, singular, plural: plural) }

/// 1234567 → "1,234,567" (`Wording.grouped`).
func grouped(_ number: Int) -> String { Wording.grouped(number) }
/// A styled line word-wrapped to `width`, each piece keeping its styles.
func wrapLine(_ line: Line, width: Int) -> [Line] {
    var characters: [Character] = []
    var styles: [Style] = []
    for span in line {
        for character in span.text {
            characters.append(character)
            styles.append(span.style)
        }
    }
    guard TerminalText.displayWidth(String(characters)) > width else { return [line] }
    return TerminalText.wrapRanges(characters, width: max(1, width)).map { range in
        var pieces: Line = []
        for i in range {
            if let last = pieces.last, last.style == styles[i] {
                pieces[pieces.count - 1].text.append(characters[i])
            } else {
                pieces.append(Span(String(characters[i]), styles[i]))
            }
        }
        // A break between words leaves no blank at the end of the line.
        while let last = pieces.last, last.text.hasSuffix(" ") {
            pieces[pieces.count - 1].text.removeLast()
            if pieces[pieces.count - 1].text.isEmpty { pieces.removeLast() }
        }
        return pieces
    }
}

/// "12 events", or "hits" while the hits of a search in a store are not all known.
func hitCount(_ hits: SearchHits) -> String { hits.exactCount.map { counted($0, "event") } ?? "hits" }
