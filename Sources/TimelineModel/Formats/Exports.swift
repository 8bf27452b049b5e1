import CSV
import Foundation

// `tl export`: any timeline as TimelineJS JSON, as the TimelineJS spreadsheet template's CSV,
// or as Markdown for publishing. The two TimelineJS forms are made from one list of slides, so
// they say the same; Markdown shares its wording with the browser's copy key (Citation.swift).

/// A date split into TimelineJS's parts, at its precision (TimelineJS's years: -1 is 1 BCE).
struct ExportDate {
    var year: Int
    var month, day, hour, minute, second: Int?

    init(_ moment: Moment, yearOnly: Bool) {
        let first = moment.date.first
        year = TimelineJS.timelineJSYear(fromISO: first.year)
        guard !yearOnly, moment.date.precision != .year else { return }
        month = first.month
        guard moment.date.precision == .day || moment.date.precision == .week else { return }
        day = first.day
        guard let time = moment.time else { return }
        hour = time.hour
        if time.precision != .hour { minute = time.minute }
        if time.precision == .second { second = time.second }
    }

    /// `{ "year": …, "month": …, … }`, the parts it has.
    var json: JSONOut {
        let parts: [(String, Int?)] = [("year", year), ("month", month), ("day", day), ("hour", hour), ("minute", minute), ("second", second)]
        return .object(parts.compactMap { name, value in value.map { (name, .int($0)) } })
    }

    /// The spreadsheet's Time cell: "14", "14:30", "14:30:05", or empty.
    var timeCell: String {
        guard let hour else { return "" }
        return pad2(hour) + (minute.map { ":" + pad2($0) } ?? "") + (second.map { ":" + pad2($0) } ?? "")
    }
}

/// One slide as the exports write it; `headline` and `text` are HTML.
struct ExportSlide {
    enum Kind: String { case title, era, event = "" }
    var kind: Kind
    var uniqueID: String?
    var start: ExportDate?
    var end: ExportDate?
    var displayDate: String?
    var headline: String
    var text: String
    var media: Media?
    var group: String?
}

/// Text made safe to put in HTML: `&`, `<`, `>`, `"` and `'` as entities.
func htmlEscaped(_ text: String) -> String {
    var out = ""
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}

/// Text as HTML paragraphs: a blank line parts paragraphs, a line break is `<br>`.
func htmlParagraphs(_ text: String) -> String {
    text.components(separatedBy: "\n\n").map(\.trimmingSpaces).filter { !$0.isEmpty }.map { paragraph in
        "<p>" + paragraph.split(separator: "\n", omittingEmptySubsequences: false).map { htmlEscaped(String($0)) }.joined(separator: "<br>") + "</p>"
    }.joined()
}

extension Timeline {
    /// The slides of the timeline: the title, the eras, then every event in date order.
    func exportSlides() -> [ExportSlide] {
        let yearOnly = isCosmological
        var slides = [ExportSlide(kind: .title, headline: htmlEscaped(title), text: description.map(htmlParagraphs) ?? "", media: media)]
        for era in eras {
            slides.append(ExportSlide(kind: .era, start: ExportDate(era.start, yearOnly: yearOnly), end: ExportDate(era.end, yearOnly: yearOnly),
                                      headline: htmlEscaped(era.name), text: ""))
        }
        for e in events.indices {
            let event = events[e]
            var slide = ExportSlide(kind: .event, uniqueID: event.id, start: ExportDate(event.start, yearOnly: yearOnly),
                                    end: event.end.map { ExportDate($0, yearOnly: yearOnly) }, displayDate: event.displayDate,
                                    headline: htmlEscaped(event.title), text: exportHTML(event: e), media: event.media,
                                    group: event.group ?? (event.background ? backgroundHeading : nil))
            // TimelineJS has no weeks: a week is its Monday to Sunday, shown in tl's words (and
            // read back as the week).
            if event.date.date.precision == .week, event.end == nil, !yearOnly {
                slide.end = ExportDate(Moment(TimelineDate(day: CivilDay(dayNumber: event.date.date.lastDay))), yearOnly: false)
                slide.displayDate = event.displayDate ?? event.date.date.readable
            }
            let sources = sourcing(of: e).sources.map { sourceLabel($0) }
            if !sources.isEmpty, var media = slide.media {
                media.credit = (media.credit.map { $0 + " · " } ?? "") + "Sources: " + sources.joined(separator: "; ")
                slide.media = media
            }
            slides.append(slide)
        }
        return slides
    }

    /// Event `e`'s text as HTML (escaped): the summary, the people, the measures it changed,
    /// each quote verbatim with its citation, and its sources (in the media's credit when it
    /// has media, which TimelineJS shows only with a URL; here otherwise).
    func exportHTML(event e: Int) -> String {
        let event = events[e]
        var html = htmlParagraphs(event.summary)
        let people = participantItems(of: e)
        if !people.isEmpty {
            html += "<p>People:</p><ul>" + people.map { "<li><b>\(htmlEscaped($0.name))</b>\(htmlEscaped($0.detail))</li>" }.joined() + "</ul>"
        }
        let changes = changeItems(of: e)
        if !changes.isEmpty { html += "<p>Measures:</p><ul>" + changes.map { "<li>\(htmlEscaped($0))</li>" }.joined() + "</ul>" }
        for quote in event.quotes { html += "<blockquote>" + htmlEscaped(citation(quote)) + "</blockquote>" }
        let sources = sourcing(of: e).sources.map { sourceLabel($0) }
        if !sources.isEmpty, event.media == nil { html += "<p>Sources: " + htmlEscaped(sources.joined(separator: "; ")) + "</p>" }
        return html
    }

    /// The timeline as TimelineJS JSON (TimelineJS3's documented format): the title slide,
    /// the events with `unique_id`, dates split into parts at their precision, `display_date`,
    /// the text as HTML, media, groups (background events in a group of their own), the eras,
    /// and `"scale": "cosmological"` when the years reach beyond the calendar.
    public func timelineJSExport() -> JSONOut {
        let slides = exportSlides()
        func text(_ slide: ExportSlide) -> JSONOut {
            .object([("headline", .string(slide.headline))] + (slide.text.isEmpty ? [] : [("text", .string(slide.text))]))
        }
        func media(_ media: Media?) -> [(String, JSONOut)] {
            guard let media else { return [] }
            var members: [(String, JSONOut)] = [("url", .string(media.url))]
            if let caption = media.caption { members.append(("caption", .string(htmlEscaped(caption)))) }
            if let credit = media.credit { members.append(("credit", .string(htmlEscaped(credit)))) }
            if let thumbnail = media.thumbnail { members.append(("thumbnail", .string(thumbnail))) }
            return [("media", .object(members))]
        }
        var top: [(String, JSONOut)] = []
        for slide in slides {
            switch slide.kind {
            case .title:
                top.append(("title", .object([("text", text(slide))] + media(slide.media))))
            case .era, .event:
                continue
            }
        }
        let eras: [JSONOut] = slides.filter { $0.kind == .era }.map { slide in
            .object([("start_date", slide.start!.json), ("end_date", slide.end!.json), ("text", text(slide))])
        }
        let events: [JSONOut] = slides.filter { $0.kind == .event }.map { slide in
            var members: [(String, JSONOut)] = [("unique_id", .string(slide.uniqueID!)), ("start_date", slide.start!.json)]
            if let end = slide.end { members.append(("end_date", end.json)) }
            if let display = slide.displayDate { members.append(("display_date", .string(htmlEscaped(display)))) }
            members.append(("text", text(slide)))
            members += media(slide.media)
            if let group = slide.group { members.append(("group", .string(group))) }
            return .object(members)
        }
        top.append(("events", .array(events)))
        if !eras.isEmpty { top.append(("eras", .array(eras))) }
        if isCosmological { top.append(("scale", .string(TimelineScale.cosmological.rawValue))) }
        return .object(top)
    }

    /// The timeline as the TimelineJS spreadsheet template's CSV: its columns in its order
    /// (`SpreadsheetColumn`), a title row, a row per era, a row per event, ready to paste into
    /// the Google Sheets template. Cells are sanitised (line breaks kept): a CSV goes to a
    /// terminal as readily as to a file.
    public func spreadsheetExport() throws -> String {
        var rows: [[String]] = [SpreadsheetColumn.allCases.map(\.rawValue)]
        for slide in exportSlides() {
            var cells: [SpreadsheetColumn: String] = [:]
            if let start = slide.start {
                cells[.year] = String(start.year); cells[.month] = start.month.map(String.init); cells[.day] = start.day.map(String.init)
                cells[.time] = start.timeCell
            }
            if let end = slide.end {
                cells[.endYear] = String(end.year); cells[.endMonth] = end.month.map(String.init); cells[.endDay] = end.day.map(String.init)
                cells[.endTime] = end.timeCell
            }
            cells[.displayDate] = slide.displayDate.map(htmlEscaped)
            cells[.headline] = slide.headline
            cells[.text] = slide.text
            if let media = slide.media {
                cells[.media] = media.url
                cells[.mediaCredit] = media.credit.map(htmlEscaped)
                cells[.mediaCaption] = media.caption.map(htmlEscaped)
                cells[.mediaThumbnail] = media.thumbnail
            }
            cells[.type] = slide.kind.rawValue
            cells[.group] = slide.group
            rows.append(SpreadsheetColumn.allCases.map { TerminalText.sanitize(cells[$0] ?? "", multiline: true) })
        }
        let stream = OutputStream(toMemory: ())
        let writer = try CSVWriter(stream: stream)
        for row in rows { try writer.write(row: row) }
        stream.close()
        guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else { throw CSVError.cannotWriteStream }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The timeline as Markdown for publishing: its title and description, a heading per date,
    /// each event under it with its summary, people and measures (`markdownBody(event:)`, as the
    /// browser's copy key has them), the user's star and note when there are any, and every
    /// quote as a numbered footnote, verbatim, citing outlet, author and date
    /// (`citation(_:)`). Sanitised.
    public func markdownExport(starred: Set<String> = [], notes: [String: String] = [:]) -> String {
        var lines = ["# " + title]
        if let description { lines += [""] + description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
        var footnotes: [String] = []
        var heading: String?
        for e in events.indices {
            let event = events[e]
            let date = event.date.date.readable + (event.background ? " · " + backgroundHeading : "")
            if date != heading {
                lines += ["", "## " + date]
                heading = date
            }
            lines += ["", "### " + event.title]
            if starred.contains(event.id) { lines += ["", "★ Starred"] }
            if let note = notes[event.id] { lines += ["", "*Note:* " + note] }
            let body = markdownBody(event: e)
            if !body.isEmpty { lines += [""] + body }
            if !event.quotes.isEmpty {
                let marks = event.quotes.map { quote -> String in
                    footnotes.append(citation(quote))
                    return "[^\(footnotes.count)]"
                }
                lines += ["", "Quotes: " + marks.joined(separator: " ")]
            }
        }
        if !footnotes.isEmpty {
            lines.append("")
            lines += footnotes.enumerated().map { "[^\($0.offset + 1)]: \($0.element)" }
        }
        return lines.map { TerminalText.sanitize($0) }.joined(separator: "\n") + "\n"
    }
}
