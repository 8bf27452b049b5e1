import TimelineModel

/// Plain output is laid out for 80 columns; text from data is sanitised on the way out.
enum Plain {
    static let width = 80

    static func clean(_ text: String) -> String { TerminalText.sanitize(text) }

    /// Columns padded to their widest cell, every cell wrapped within its column, rows as tall
    /// as their tallest cell, within `width` cells. `ids` are the columns holding ids, which are
    /// never narrowed: a user types them. `notes[i]`, when given, are paragraphs printed under
    /// row i's last column.
    static func table(_ rows: [[String]], header: [String]? = nil, notes: [[String]] = [], ids: Set<Int> = [],
                      width: Int = Plain.width) -> [String] {
        let cells = ((header.map { [$0] } ?? []) + rows).map { $0.map { TerminalText.displayWidth(clean($0)) } }
        let layout = TableLayout(cellWidths: cells, ids: ids, width: width)
        var lines = header.map { layout.lines(of: $0) } ?? []
        for (r, row) in rows.enumerated() { lines += layout.lines(of: row, notes: r < notes.count ? notes[r] : []) }
        return lines
    }

    /// Column widths worked out once, so that rows can be formatted (and printed) one at a time.
    struct TableLayout {
        /// The width of every column; the last is what is left of the line.
        let widths: [Int]
        /// Where the last column starts.
        let indent: Int

        /// The last column gets at least this many cells while other columns can give way.
        static let lastColumnMinimum = 20
        /// A column that gives way keeps at least this many cells.
        static let columnMinimum = 6

        /// `cellWidths` are the widths of every cell of every row (or of the widest ones); `ids`
        /// are the columns never narrowed (the last one too, when it holds ids).
        init(cellWidths: [[Int]], ids: Set<Int> = [], width: Int = Plain.width) {
            let columns = cellWidths.map(\.count).max() ?? 1
            var widths = Array(repeating: 0, count: columns)
            for row in cellWidths {
                for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell) }
            }
            let last = columns - 1
            let lastNeeds = max(TableLayout.lastColumnMinimum, ids.contains(last) ? widths[last] : 0)
            // Narrow the widest column that may give way until the last has room.
            func used() -> Int { widths.prefix(last).reduce(0) { $0 + $1 + 2 } }
            while used() > width - lastNeeds,
                  let widest = (0..<last).filter({ !ids.contains($0) && widths[$0] > TableLayout.columnMinimum }).max(by: { widths[$0] < widths[$1] }) {
                widths[widest] -= 1
            }
            indent = used()
            widths[last] = max(ids.contains(last) ? widths[last] : 1, width - indent)
            self.widths = widths
        }

        /// The lines of one row: each cell wrapped within its column (an id column is as wide
        /// as its widest id), then `notes` wrapped under the last column.
        func lines(of row: [String], notes: [String] = []) -> [String] {
            let cells = widths.indices.map { i -> [String] in
                let text = i < row.count ? clean(row[i]) : ""
                // Most cells fit: only those that do not are wrapped (a `tl check` of a large
                // timeline prints thousands of rows).
                return TerminalText.displayWidth(text) <= widths[i] ? [text] : TerminalText.wrap(text, width: widths[i])
            }
            let height = cells.map(\.count).max() ?? 1
            var lines: [String] = []
            for line in 0..<height {
                var text = ""
                for (i, cell) in cells.enumerated() {
                    let part = line < cell.count ? cell[line] : ""
                    text += i == cells.count - 1 ? part : TerminalText.pad(part, to: widths[i]) + "  "
                }
                lines.append(rstrip(text))
            }
            let margin = String(repeating: " ", count: indent)
            for note in notes.map(clean) {
                lines += TerminalText.wrap(note, width: widths[widths.count - 1]).map { margin + $0 }
            }
            return lines
        }
    }

    /// A paragraph wrapped to 80 columns with every line indented.
    static func paragraph(_ text: String, indent: Int = 2) -> [String] {
        TerminalText.wrap(clean(text), width: width - indent).map { String(repeating: " ", count: indent) + $0 }
    }

    /// Text of several lines (a summary read from TimelineJS's HTML: paragraphs, list items,
    /// footnotes), each line wrapped and indented, blank lines kept.
    static func paragraphs(_ text: String, indent: Int = 2) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).flatMap { line in line.isEmpty ? [""] : paragraph(String(line), indent: indent) }
    }

    /// A quote in quotation marks (`Wording.quoted`), wrapped and indented, for reading.
    static func quoted(_ text: String, indent: Int) -> [String] {
        paragraph(Wording.quoted(text), indent: indent)
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
        "[\(number)] \(sourceWithoutText(quote.source)?.byline ?? quote.source) · \(quote.source) \(quote.start)–\(quote.end)"
    }
}
