import TimelineModel

/// Plain output is laid out for 80 columns; text from data is sanitised on the way out.
enum Plain {
    static let width = 80

    static func clean(_ text: String) -> String { TerminalText.sanitize(text) }

    /// Columns padded to their widest cell; the last column wraps under itself within 80 columns.
    /// `notes[i]`, when given, are paragraphs printed under row i's last column.
    static func table(_ rows: [[String]], header: [String]? = nil, notes: [[String]] = [], width: Int = Plain.width) -> [String] {
        let layout = TableLayout(cellWidths: ((header.map { [$0] } ?? []) + rows).map { $0.map { TerminalText.displayWidth(clean($0)) } }, width: width)
        var lines = header.map { layout.lines(of: $0) } ?? []
        for (r, row) in rows.enumerated() { lines += layout.lines(of: row, notes: r < notes.count ? notes[r] : []) }
        return lines
    }

    /// Column widths worked out once, so that rows can be formatted (and printed) one at a time.
    struct TableLayout {
        let widths: [Int]
        let indent: Int
        let lastWidth: Int

        /// `cellWidths` are the widths of every cell of every row (or of the widest ones).
        init(cellWidths: [[Int]], width: Int = Plain.width) {
            let columns = cellWidths.map(\.count).max() ?? 1
            var widths = Array(repeating: 0, count: columns)
            for row in cellWidths {
                for (i, cell) in row.enumerated() where i < columns - 1 { widths[i] = max(widths[i], cell) }
            }
            // Keep at least 24 cells for the last column by narrowing (and truncating) the widest other column.
            while widths.dropLast().reduce(0, { $0 + $1 + 2 }) > width - 24, let widest = widths.dropLast().indices.max(by: { widths[$0] < widths[$1] }), widths[widest] > 6 {
                widths[widest] -= 1
            }
            self.widths = widths
            indent = widths.dropLast().reduce(0) { $0 + $1 + 2 }
            lastWidth = max(1, width - indent)
        }

        func lines(of row: [String], notes: [String] = []) -> [String] {
            let row = row.map(clean)
            let columns = widths.count
            var head = ""
            for i in 0..<(columns - 1) { head += TerminalText.pad(i < row.count ? row[i] : "", to: widths[i]) + "  " }
            let wrapped = TerminalText.wrap(row.count == columns ? row[columns - 1] : "", width: lastWidth)
            var lines = [rstrip(head + (wrapped.first ?? ""))]
            for continuation in wrapped.dropFirst() { lines.append(String(repeating: " ", count: indent) + continuation) }
            for note in notes.map(clean) {
                lines += TerminalText.wrap(note, width: lastWidth).map { String(repeating: " ", count: indent) + $0 }
            }
            return lines
        }
    }

    /// A paragraph wrapped to 80 columns with every line indented.
    static func paragraph(_ text: String, indent: Int = 2) -> [String] {
        TerminalText.wrap(clean(text), width: width - indent).map { String(repeating: " ", count: indent) + $0 }
    }

    /// A quote in curly quotes, wrapped and indented, for reading.
    static func quoted(_ text: String, indent: Int) -> [String] {
        paragraph("“" + text + "”", indent: indent)
    }

    static func heading(_ text: String) -> [String] { paragraph(text, indent: 0) }

    static func rstrip(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    static func print(_ lines: [String]) {
        for line in lines { Swift.print(line) }
    }

    static func percent(_ part: Int, of whole: Int) -> String {
        whole == 0 ? "0%" : "\(Int((Double(part) * 100 / Double(whole)).rounded()))%"
    }
}

extension Timeline {
    /// "[1] Arirang News (Lee Seung-jae) · arirang-2019-07 1410–1670": a quote's number, its
    /// source's byline and id, and its offsets.
    func quoteLabel(_ quote: Quote, number: Int) -> String {
        "[\(number)] \(source(quote.source)?.byline ?? quote.source) · \(quote.source) \(quote.start)–\(quote.end)"
    }
}
