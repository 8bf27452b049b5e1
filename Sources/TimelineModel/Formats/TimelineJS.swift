// TimelineJS's slides, as its JSON files and its spreadsheets both hold them, and how they
// become a timeline. The two readers (TimelineJSJSON.swift, TimelineJSSpreadsheet.swift) only
// collect each value as written with its place; every check and every conversion is made here,
// once, and a problem is reported at the place of the value it is about.

/// Where a value was read: a byte offset in a JSON file, or a cell of a spreadsheet.
enum InputPlace: Hashable {
    /// The byte offset where a JSON value starts.
    case offset(Int)
    /// A cell: row and column from 0, the header being row 0.
    case cell(row: Int, column: Int)
}

/// A value as written ("2016", "01", "<p>Born in …</p>"), with its place. JSON numbers are kept as written.
struct WrittenValue {
    var text: String
    var place: InputPlace

    /// The text without white space at either end; nil when nothing is left (a missing part is
    /// often an empty string).
    var given: String? {
        let trimmed = text.trimmingSpaces
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// A TimelineJS date as written: its parts, each optional.
struct WrittenDate {
    /// The date object, or the spreadsheet's Year cell.
    var place: InputPlace
    var year, month, day, hour, minute, second: WrittenValue?
    /// A spreadsheet's Time cell ("13:45", "1:45 PM"), in place of hour, minute and second.
    var time: WrittenValue?
    var displayDate: WrittenValue?
}

/// A TimelineJS media object as written.
struct WrittenMedia {
    var place: InputPlace
    var url, caption, credit, thumbnail: WrittenValue?
}

/// A slide as written: the title, an era or an event.
struct WrittenSlide {
    enum Kind { case title, era, event }
    var kind: Kind
    var place: InputPlace
    var start: WrittenDate?
    var end: WrittenDate?
    var headline: WrittenValue?
    var text: WrittenValue?
    var media: WrittenMedia?
    var group: WrittenValue?
    var displayDate: WrittenValue?
    var uniqueID: WrittenValue?

    init(_ kind: Kind, at place: InputPlace) {
        self.kind = kind
        self.place = place
    }
}

/// A TimelineJS timeline as written.
struct WrittenTimeline {
    var slides: [WrittenSlide] = []
    var scale: TimelineScale = .human
    /// A name for the timeline when it has no title slide (the file's name).
    var fallbackTitle: String
}

/// A problem with a TimelineJS file's content, at the place of the value it is about.
struct PlacedProblem {
    var place: InputPlace
    var message: String
}

/// The TimelineJS vocabulary the readers and the exports share.
enum TimelineJS {
    /// The group that marks background events in an export ("Background", or "Background: "
    /// and the timeline's label); read back, such a group makes its events background again.
    static func isBackgroundGroup(_ group: String) -> Bool {
        group == "Background" || group.hasPrefix("Background: ")
    }

    /// A TimelineJS year (…, -2 is 2 BCE, -1 is 1 BCE, 1 is 1 CE: no year 0) as ISO 8601
    /// numbers it (0 is 1 BCE); nil for 0.
    static func isoYear(fromTimelineJS year: Int) -> Int? {
        year == 0 ? nil : year < 0 ? year + 1 : year
    }

    /// An ISO 8601 year as TimelineJS numbers it.
    static func timelineJSYear(fromISO year: Int) -> Int { year <= 0 ? year - 1 : year }
}

/// Turns written slides into a timeline, checking every value; problems are collected, not thrown.
struct SlideBuilder {
    var problems: [PlacedProblem] = []
    let scale: TimelineScale
    /// What the spreadsheet calls the date's fields, or the JSON's names: for messages.
    let spreadsheet: Bool

    init(scale: TimelineScale, spreadsheet: Bool) {
        self.scale = scale
        self.spreadsheet = spreadsheet
    }

    mutating func report(_ place: InputPlace, _ message: String) {
        problems.append(PlacedProblem(place: place, message: message))
    }

    /// The timeline the slides make; nil when there is a problem (`problems` says which).
    mutating func build(_ written: WrittenTimeline) -> Timeline? {
        var title: String?
        var description: String?
        var titleMedia: Media?
        var eras: [Era] = []
        var events: [Event] = []
        var backgroundLabel: String?
        // Ids given in the file first, so that an id made from a headline never takes one of them.
        var firstUse: [String: String] = [:]
        for slide in written.slides where slide.kind == .event {
            guard let written = slide.uniqueID, let id = written.given else { continue }
            if id.unicodeScalars.contains(where: { $0.properties.isWhitespace || TerminalText.isUnsafe($0) }) {
                report(written.place, "unique_id \"\(TerminalText.sanitize(id))\" must not contain spaces or control characters: tl uses it as the event's id")
            } else if let first = firstUse[id] {
                report(written.place, "duplicate unique_id \"\(id)\"; it is first used by the event “\(TerminalText.sanitize(first))”")
            } else {
                firstUse[id] = slide.headline.flatMap { HTMLText.text($0.text, .line) } ?? id
            }
        }
        var taken = Set(firstUse.keys)
        for slide in written.slides {
            switch slide.kind {
            case .title:
                guard title == nil else {
                    report(slide.place, "a second title slide; a timeline has one title")
                    continue
                }
                title = slide.headline.flatMap { HTMLText.text($0.text, .line) } ?? written.fallbackTitle
                description = slide.text.flatMap { HTMLText.text($0.text, .paragraphs) }
                titleMedia = media(slide.media)
            case .era:
                let name = slide.headline.flatMap { HTMLText.text($0.text, .line) }
                guard let startDate = slide.start, let endDate = slide.end else {
                    report(slide.start?.place ?? slide.place, "an era needs a start date and an end date" + (spreadsheet ? " (Year and End Year)" : " (start_date and end_date)"))
                    continue
                }
                guard let start = moment(startDate, "start"), let end = moment(endDate, "end") else { continue }
                guard !SlideBuilder.ends(end, before: start) else {
                    report(endDate.place, "the era ends (\(end.readable)) before it starts (\(start.readable))")
                    continue
                }
                eras.append(Era(name: name ?? "\(start.readable) to \(end.readable)", start: start, end: end))
            case .event:
                if var event = event(slide, taken: &taken) {
                    if let group = event.group, TimelineJS.isBackgroundGroup(group) {
                        event.background = true
                        event.details.group = nil
                        if group != "Background", backgroundLabel == nil { backgroundLabel = String(group.dropFirst("Background: ".count)) }
                    }
                    events.append(event)
                }
            }
        }
        if written.slides.allSatisfy({ $0.kind != .event }) {
            report(written.slides.first?.place ?? .offset(0), spreadsheet
                   ? "the spreadsheet has no events: every row is the title or an era"
                   : "the timeline has no events; TimelineJS needs at least one slide in \"events\"")
        }
        guard problems.isEmpty else { return nil }
        var timeline = Timeline(title: title ?? written.fallbackTitle, description: description, backgroundLabel: backgroundLabel,
                                sources: [], people: [], measures: [], events: events)
        timeline.eras = eras
        timeline.scale = written.scale
        timeline.media = titleMedia
        return timeline
    }

    mutating func event(_ slide: WrittenSlide, taken: inout Set<String>) -> Event? {
        guard let startDate = slide.start else {
            report(slide.place, spreadsheet ? "the Year cell is empty: an event needs a start date" : "an event needs a start_date (only the title slide may go without one)")
            return nil
        }
        let start = moment(startDate, "start")
        let end = slide.end.flatMap { moment($0, "end") }
        let title = slide.headline.flatMap { HTMLText.text($0.text, .line) }
        let displayDate = (slide.displayDate ?? startDate.displayDate).flatMap { HTMLText.text($0.text, .line) }
        guard var start, slide.end == nil || end != nil else { return nil }
        var details = EventDetails(time: start.time, end: end, displayDate: displayDate,
                                   group: slide.group.flatMap { HTMLText.text($0.text, .line) }, media: media(slide.media))
        if let end, SlideBuilder.ends(end, before: start) {
            report(slide.end!.place, "the end date (\(end.readable)) is before the start date (\(start.readable))")
            return nil
        }
        // An ISO week written as its Monday to Sunday with tl's words for it (as `tl export`
        // writes one: TimelineJS has no weeks) is a week again.
        if let end, let displayDate, start.time == nil, end.time == nil, start.date.precision == .day, end.date.precision == .day,
           end.date.firstDay == start.date.firstDay + 6, start.date.first.isoWeekday == 1 {
            let (year, number) = start.date.first.isoWeek
            if let week = TimelineDate(isoYear: year, week: number), week.readable == displayDate {
                start = Moment(week)
                details.end = nil
                details.displayDate = nil
            }
        }
        var id = slide.uniqueID?.given
        if id == nil {
            let base = SlideBuilder.slug(title ?? slide.text.flatMap { HTMLText.text($0.text, .line) } ?? "")
            var candidate = base.isEmpty ? "event" : base
            var n = 2
            while taken.contains(candidate) {
                candidate = (base.isEmpty ? "event" : base) + "-\(n)"
                n += 1
            }
            taken.insert(candidate)
            id = candidate
        }
        var event = Event(id: id!, date: EventDate(date: start.date, derivation: nil), title: title ?? displayDate ?? start.readable,
                          summary: slide.text.flatMap { HTMLText.text($0.text, .paragraphs) } ?? "", background: false,
                          participants: [], quotes: [])
        event.details = details
        return event
    }

    /// Whether a span ending at `end` would end before it starts at `start`: the end's last day
    /// is before the start's first, or on the same day its time is earlier.
    static func ends(_ end: Moment, before start: Moment) -> Bool {
        if end.date.lastDay < start.date.firstDay { return true }
        if end.date == start.date, let endTime = end.time, let startTime = start.time { return endTime < startTime }
        return false
    }

    func media(_ written: WrittenMedia?) -> Media? {
        // TimelineJS shows no media without a URL; neither does tl.
        guard let written, let url = written.url?.given else { return nil }
        return Media(url: url, caption: written.caption.flatMap { HTMLText.text($0.text, .line) },
                     credit: written.credit.flatMap { HTMLText.text($0.text, .line) }, thumbnail: written.thumbnail?.given)
    }

    /// An id made from a headline: its letters and digits, lower case, words joined by "-",
    /// at most 48 characters: "A Musical Heritage" → "a-musical-heritage".
    static func slug(_ text: String) -> String {
        var slug = ""
        for character in text.lowercased() {
            if character.isLetter || character.isNumber {
                slug.append(character)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.last == "-" { slug.removeLast() }
        if slug.count > 48 {
            slug = String(slug.prefix(48))
            if let dash = slug.lastIndex(of: "-") { slug = String(slug[..<dash]) }
        }
        return slug
    }

    // MARK: Dates

    /// A part of a date as a whole number; nil (reported) when it is not one.
    mutating func number(_ value: WrittenValue, _ part: String) -> Int? {
        guard let text = value.given else { return nil }
        var digits = Substring(text)
        let negative = digits.first == "-"
        if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
        // "2016.0" is what some spreadsheets make of 2016.
        if let dot = digits.firstIndex(of: "."), digits[digits.index(after: dot)...].allSatisfy({ $0 == "0" }) { digits = digits[..<dot] }
        guard !digits.isEmpty, digits.count <= 13, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let magnitude = Int(digits) else {
            let example = part == "year" ? "such as 1978, or -44 for 44 BCE" : "such as 7"
            report(value.place, "\"\(TerminalText.sanitize(text))\" is not a \(part): write a whole number \(example)")
            return nil
        }
        return negative ? -magnitude : magnitude
    }

    /// The moment a written date stands for, at the precision of the parts it gives; nil
    /// (reported) when a part is wrong. `which` is "start" or "end", for messages.
    mutating func moment(_ date: WrittenDate, _ which: String) -> Moment? {
        let names = spreadsheet
            ? (which == "start" ? ["Year", "Month", "Day", "Time"] : ["End Year", "End Month", "End Day", "End Time"])
            : ["year", "month", "day", "hour"]
        guard let yearValue = date.year, yearValue.given != nil else {
            report(date.place, "the \(which) date has no year" + (spreadsheet ? " (the \(names[0]) cell is empty)" : "; \"year\" is required"))
            return nil
        }
        guard let written = number(yearValue, "year") else { return nil }
        guard let year = TimelineJS.isoYear(fromTimelineJS: written) else {
            report(yearValue.place, "there is no year 0: TimelineJS counts 1 BCE as -1 and 1 CE as 1")
            return nil
        }
        if scale == .cosmological {
            // TimelineJS's cosmological scale keeps the year alone.
            guard let date = TimelineDate(year: year) else {
                report(yearValue.place, "year \(Wording.grouped(written)) is beyond the ±\(Wording.grouped(TimelineDate.allYears.upperBound)) years tl can hold")
                return nil
            }
            return Moment(date)
        }
        guard TimelineDate.calendarYears.contains(year) else {
            report(yearValue.place, "year \(Wording.grouped(written)) is outside TimelineJS's human scale (271,821 BCE to 275,759 CE); "
                   + (spreadsheet ? "a spreadsheet cannot hold it" : "a timeline of such years needs \"scale\": \"cosmological\""))
            return nil
        }
        var parts: [Int?] = [nil, nil, nil, nil, nil]  // month, day, hour, minute, second
        var valid = true
        for (i, value) in [date.month, date.day, date.hour, date.minute, date.second].enumerated() {
            guard let value, value.given != nil else { continue }
            let name = ["month", "day", "hour", "minute", "second"][i]
            if let n = number(value, name) { parts[i] = n } else { valid = false }
        }
        var timePlace = date.hour?.place
        if let time = date.time, let text = time.given {
            timePlace = time.place
            if let (hour, minute, second) = SlideBuilder.clockTime(text) {
                (parts[2], parts[3], parts[4]) = (hour, minute, second)
            } else {
                report(time.place, "\"\(TerminalText.sanitize(text))\" is not a time: write 13:45, 13:45:30 or 1:45 PM")
                valid = false
            }
        }
        guard valid else { return nil }
        let (month, day, hour, minute, second) = (parts[0], parts[1], parts[2], parts[3], parts[4])
        // Each part needs the ones above it.
        let missing: [(Bool, InputPlace?, String)] = [
            (day != nil && month == nil, date.day?.place, "a day needs a month"),
            (hour != nil && day == nil, timePlace, "a time of day needs a day"),
            (minute != nil && hour == nil, date.minute?.place, "a minute needs an hour"),
            (second != nil && minute == nil, date.second?.place, "a second needs a minute"),
        ]
        for (isMissing, place, message) in missing where isMissing {
            report(place ?? date.place, message)
            return nil
        }
        guard let month else { return Moment(TimelineDate(year: year)!) }
        guard (1...12).contains(month) else {
            report(date.month!.place, "there is no month \(month); a month is 1 to 12")
            return nil
        }
        guard let day else { return Moment(TimelineDate(year: year, month: month)!) }
        guard let civil = CivilDay(year: year, month: month, day: day) else {
            report(date.day!.place, "\(monthNames[month - 1]) \(yearLabel(year)) has \(CivilDay.daysIn(month: month, year: year)) days, not \(day)")
            return nil
        }
        guard let hour else { return Moment(TimelineDate(day: civil)) }
        guard let time = TimeOfDay(hour: hour, minute: minute, second: second) else {
            let (value, name, range) = !(0...23).contains(hour) ? (hour, "hour", "0 to 23") : !(0...59).contains(minute ?? 0) ? (minute!, "minute", "0 to 59") : (second!, "second", "0 to 59")
            let place = spreadsheet ? timePlace : [date.hour, date.minute, date.second][["hour", "minute", "second"].firstIndex(of: name)!]?.place
            report(place ?? date.place, "there is no \(name) \(value); an \(name == "hour" ? "hour is" : name + " is") \(range)")
            return nil
        }
        return Moment(TimelineDate(day: civil), time: time)
    }

    /// A spreadsheet's time: "13", "13:45", "13:45:30", and the same with "AM" or "PM" after a
    /// 12-hour time ("1:45 PM"); hour, minute and second as given (out of range they are
    /// reported by the caller).
    static func clockTime(_ text: String) -> (Int, Int?, Int?)? {
        var words = text.uppercased().split(separator: " ").map(String.init)
        var meridiem: String?
        if let last = words.last, last == "AM" || last == "PM" || last == "A.M." || last == "P.M." {
            meridiem = String(last.prefix(1))
            words.removeLast()
        } else if let last = words.last, last.hasSuffix("AM") || last.hasSuffix("PM"), last.count > 2 {
            meridiem = String(last.suffix(2).prefix(1))
            words[words.count - 1] = String(last.dropLast(2))
        }
        guard words.count == 1 else { return nil }
        let parts = words[0].split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        var hour = Int(parts[0])!
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (meridiem == "P" ? 12 : 0)
        }
        return (hour, parts.count > 1 ? Int(parts[1]) : nil, parts.count > 2 ? Int(parts[2]) : nil)
    }
}
