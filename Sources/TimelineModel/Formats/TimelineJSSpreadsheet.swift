import CSV

// TimelineJS's Google Sheets template saved as CSV: a row of column names, then a row per
// slide (the title, eras and events). The cells are read by CSV.swift; `CSVLayout` finds where
// each cell starts (the package gives values, not places) so that a problem names its line and
// column, and catches quoting the package would otherwise read past.

/// The TimelineJS spreadsheet template's columns, in its order.
enum SpreadsheetColumn: String, CaseIterable, Sendable {
    case year = "Year", month = "Month", day = "Day", time = "Time"
    case endYear = "End Year", endMonth = "End Month", endDay = "End Day", endTime = "End Time"
    case displayDate = "Display Date", headline = "Headline", text = "Text"
    case media = "Media", mediaCredit = "Media Credit", mediaCaption = "Media Caption", mediaThumbnail = "Media Thumbnail"
    case type = "Type", group = "Group", background = "Background"
}

/// Where each cell of a CSV text starts, row by row, found by the rules CSV.swift reads by
/// (RFC 4180, with CR, LF or CRLF ending a row), and the first quoting it cannot read as meant.
struct CSVLayout {
    /// A cell's first character: line and column from 1, the column counting Unicode scalars.
    struct Start: Equatable {
        var line: Int
        var column: Int
    }

    /// Every row's cells, in order.
    var rows: [[Start]] = []
    /// Where the quoting goes wrong, and how.
    var problem: (start: Start, message: String)?

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        var line = 1, lineStart = 0
        func here() -> Start { Start(line: line, column: i - lineStart + 1) }
        /// Steps over a line break at `i` (CR, LF or CRLF), if there is one.
        func newLine() -> Bool {
            guard i < scalars.count, scalars[i] == "\r" || scalars[i] == "\n" else { return false }
            if scalars[i] == "\r", i + 1 < scalars.count, scalars[i + 1] == "\n" { i += 1 }
            i += 1
            line += 1
            lineStart = i
            return true
        }
        while i < scalars.count {
            var row: [Start] = []
            rowLoop: while true {
                row.append(here())
                if i < scalars.count, scalars[i] == "\"" {
                    let opening = here()
                    i += 1
                    while true {
                        guard i < scalars.count else {
                            problem = problem ?? (opening, "the quoted cell that starts here has no closing quote")
                            break rowLoop
                        }
                        if scalars[i] == "\"" {
                            if i + 1 < scalars.count, scalars[i + 1] == "\"" { i += 2; continue }
                            i += 1
                            break
                        }
                        if !newLine() { i += 1 }
                    }
                    if i >= scalars.count || newLine() { break rowLoop }
                    if scalars[i] == "," { i += 1; continue rowLoop }
                    problem = problem ?? (here(), "text after the closing quote of a quoted cell; a quote inside a quoted cell is written twice (\"\")")
                    // Read on to the end of the cell, as the package does.
                    while i < scalars.count, scalars[i] != ",", scalars[i] != "\r", scalars[i] != "\n" { i += 1 }
                } else {
                    while i < scalars.count, scalars[i] != ",", scalars[i] != "\r", scalars[i] != "\n" { i += 1 }
                }
                if i >= scalars.count || newLine() { break }
                i += 1  // the comma
            }
            rows.append(row)
        }
    }
}

/// Reading a TimelineJS spreadsheet saved as CSV.
enum TimelineJSSpreadsheet {
    /// "A", "B", …, "Z", "AA": a spreadsheet's name for column `index` (from 0).
    static func columnLetters(_ index: Int) -> String {
        var n = index + 1
        var letters = ""
        while n > 0 {
            letters = String(UnicodeScalar(UInt8(65 + (n - 1) % 26))) + letters
            n = (n - 1) / 26
        }
        return letters
    }

    /// Whether `firstLine` looks like a TimelineJS spreadsheet's header: it names Year and Headline.
    static func looksLikeHeader(_ firstLine: String) -> Bool {
        let names = firstLine.split(separator: ",").map { String($0).trimmingSpaces.trimmingCharacters(of: "\"").lowercased() }
        return names.contains("year") && names.contains("headline")
    }

    /// Reads and checks a spreadsheet (`bytes`, a byte-order mark allowed) called `fileName`.
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, fileName: String, fallbackTitle: String) -> Result<Timeline, TimelineLoadError> {
        func failure(_ diagnostics: [Diagnostic]) -> Result<Timeline, TimelineLoadError> { .failure(TimelineLoadError(diagnostics: diagnostics)) }
        let body = hasByteOrderMark(bytes) ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes
        guard let text = String(validating: body, as: UTF8.self) else {
            let offset = firstInvalidUTF8Offset(body)
            let place = JSONLocator.places(of: [offset], in: body, paths: false)[offset]!
            return failure([Diagnostic(file: fileName, line: place.line, column: place.column, message: "invalid UTF-8; save the spreadsheet as CSV in UTF-8")])
        }
        let layout = CSVLayout(text)
        if let problem = layout.problem {
            return failure([Diagnostic(file: fileName, line: problem.start.line, column: problem.start.column, message: problem.message)])
        }
        var rows: [[String]] = []
        do {
            let reader = try CSVReader(string: text, hasHeaderRow: false)
            while let row = reader.next() { rows.append(row) }
            if let error = reader.error { throw error }
        } catch {
            return failure([Diagnostic(file: fileName, line: 1, column: 1, message: "the CSV cannot be read: \(error)")])
        }
        guard let header = rows.first, rows.count == layout.rows.count else {
            return failure([Diagnostic(file: fileName, line: 1, column: 1, message: rows.isEmpty
                ? "the file is empty; a TimelineJS spreadsheet starts with a row of column names"
                : "the rows of the CSV could not be told apart (\(rows.count) read, \(layout.rows.count) found)")])
        }
        var columns: [SpreadsheetColumn: Int] = [:]
        for (index, name) in header.enumerated() {
            if let column = SpreadsheetColumn.allCases.first(where: { $0.rawValue.lowercased() == name.trimmingSpaces.lowercased() }), columns[column] == nil {
                columns[column] = index
            }
        }
        guard columns[.year] != nil, columns[.headline] != nil else {
            let names = SpreadsheetColumn.allCases.map(\.rawValue).joined(separator: ", ")
            let lacking = [SpreadsheetColumn.year, .headline].filter { columns[$0] == nil }.map { "\"\($0.rawValue)\"" }.joined(separator: " and ")
            return failure([Diagnostic(file: fileName, line: 1, column: 1, message: "not a TimelineJS spreadsheet: its first row does not name \(lacking) among its columns (the template's columns are \(names))")])
        }

        var problems: [PlacedProblem] = []
        var written = WrittenTimeline(fallbackTitle: fallbackTitle)
        for (r, row) in rows.enumerated().dropFirst() where row.contains(where: { !$0.trimmingSpaces.isEmpty }) {
            func cell(_ column: SpreadsheetColumn) -> WrittenValue? {
                guard let c = columns[column] else { return nil }
                let value = WrittenValue(text: c < row.count ? row[c] : "", place: .cell(row: r, column: c))
                return value.given == nil ? nil : value
            }
            let kind: WrittenSlide.Kind
            switch cell(.type)?.given?.lowercased() {
            case nil: kind = .event
            case "title": kind = .title
            case "era": kind = .era
            case let other?:
                problems.append(PlacedProblem(place: cell(.type)!.place, message: "type \"\(TerminalText.sanitize(other))\" is not \"title\", \"era\" or blank (an event)"))
                continue
            }
            var slide = WrittenSlide(kind, at: .cell(row: r, column: columns[.year]!))
            if let year = cell(.year) {
                slide.start = WrittenDate(place: year.place, year: year, month: cell(.month), day: cell(.day), time: cell(.time))
            }
            if let endYear = cell(.endYear) {
                slide.end = WrittenDate(place: endYear.place, year: endYear, month: cell(.endMonth), day: cell(.endDay), time: cell(.endTime))
            } else if let endPart = cell(.endMonth) ?? cell(.endDay) ?? cell(.endTime) {
                problems.append(PlacedProblem(place: endPart.place, message: "an end date needs an End Year"))
                continue
            }
            slide.displayDate = cell(.displayDate)
            slide.headline = cell(.headline)
            slide.text = cell(.text)
            if let url = cell(.media) {
                slide.media = WrittenMedia(place: url.place, url: url, caption: cell(.mediaCaption), credit: cell(.mediaCredit), thumbnail: cell(.mediaThumbnail))
            }
            slide.group = cell(.group)
            written.slides.append(slide)
        }
        // The rows read so far are checked too, so that every problem is listed at once.
        var builder = SlideBuilder(scale: .human, spreadsheet: true)
        let timeline = builder.build(written)
        problems += builder.problems
        if var timeline, problems.isEmpty {
            timeline.format = .csv
            return .success(timeline)
        }
        let ordered = problems.enumerated().sorted { a, b in
            guard case .cell(let ra, let ca) = a.element.place, case .cell(let rb, let cb) = b.element.place else { return a.offset < b.offset }
            return (ra, ca, a.offset) < (rb, cb, b.offset)
        }
        return failure(ordered.map { _, problem in
            guard case .cell(let r, let c) = problem.place else { return Diagnostic(file: fileName, message: problem.message) }
            let start = c < layout.rows[r].count ? layout.rows[r][c] : nil
            let name = c < header.count ? header[c].trimmingSpaces : ""
            return Diagnostic(file: fileName, line: start?.line ?? layout.rows[r].first?.line, column: start?.column,
                              path: "\(name.isEmpty ? "column" : name + ", column") \(columnLetters(c))", message: problem.message)
        })
    }
}

extension String {
    /// Without `character` at either end.
    func trimmingCharacters(of character: Character) -> String {
        String(drop(while: { $0 == character }).reversed().drop(while: { $0 == character }).reversed())
    }
}
