// What a timeline made for showing (a TimelineJS file, a spreadsheet, or a `tl` timeline
// converted from one) holds beside its events' dates, titles and summaries: times of day, end
// dates, display dates, groups (lanes), media, eras and the scale. All optional; a timeline built
// from sources has none of them.

/// A time of day, given to the hour, the minute or the second.
public struct TimeOfDay: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// How precisely the time is given: the parts it has.
    public enum Precision: String, Sendable, CaseIterable, Codable {
        /// "14": the hour alone.
        case hour
        /// "14:30".
        case minute
        /// "14:30:05".
        case second
    }

    /// 0 to 23.
    public let hour: Int
    /// 0 to 59; 0 when the time is given to the hour.
    public let minute: Int
    /// 0 to 59; 0 when the time is given to the hour or the minute.
    public let second: Int
    /// Which parts are given.
    public let precision: Precision

    /// The time with the parts given; nil for a part out of range, or a second without a minute.
    public init?(hour: Int, minute: Int? = nil, second: Int? = nil) {
        guard (0...23).contains(hour), (0...59).contains(minute ?? 0), (0...59).contains(second ?? 0) else { return nil }
        guard second == nil || minute != nil else { return nil }
        self.hour = hour
        self.minute = minute ?? 0
        self.second = second ?? 0
        precision = second != nil ? .second : minute != nil ? .minute : .hour
    }

    /// Parses ISO 8601's `HH`, `HH:MM` or `HH:MM:SS` (24-hour, two digits each); nil for anything else.
    public static func parse(_ text: String) -> TimeOfDay? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        let numbers = parts.compactMap { Int($0) }
        return TimeOfDay(hour: numbers[0], minute: numbers.count > 1 ? numbers[1] : nil, second: numbers.count > 2 ? numbers[2] : nil)
    }

    /// Seconds since midnight, for ordering.
    public var secondOfDay: Int { hour * 3600 + minute * 60 + second }

    /// ISO 8601 at the time's precision: "14", "14:30", "14:30:05".
    public var iso: String {
        switch precision {
        case .hour: pad2(hour)
        case .minute: "\(pad2(hour)):\(pad2(minute))"
        case .second: "\(pad2(hour)):\(pad2(minute)):\(pad2(second))"
        }
    }

    /// As a reader reads it: "14h" (to the hour), "14:30", "14:30:05".
    public var readable: String { precision == .hour ? "\(pad2(hour))h" : iso }

    /// The ISO text.
    public var description: String { iso }

    /// The earlier time first; of two at the same second, the less precise first.
    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool {
        (a.secondOfDay, a.precision.order) < (b.secondOfDay, b.precision.order)
    }
}

extension TimeOfDay.Precision {
    var order: Int { TimeOfDay.Precision.allCases.firstIndex(of: self)! }
}

/// A point in time as precisely as it is known: a date, and for a day a time of day when one is given.
public struct Moment: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The date, with its precision.
    public var date: TimelineDate
    /// The time of day; only a day-precision date has one.
    public var time: TimeOfDay?

    /// The date, and the time when it is a day that has one.
    public init(_ date: TimelineDate, time: TimeOfDay? = nil) {
        self.date = date
        self.time = date.precision == .day ? time : nil
    }

    /// Parses a date (`TimelineDate.parse`) optionally followed by `T` and a time
    /// (`TimeOfDay.parse`): "2019-07-09T14:30".
    public static func parse(_ text: String) -> Result<Moment, TimelineDate.ParseError> {
        let parts = text.split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        switch TimelineDate.parse(String(parts[0])) {
        case .failure(let error): return .failure(error)
        case .success(let date):
            guard parts.count == 2 else { return .success(Moment(date)) }
            guard let time = TimeOfDay.parse(String(parts[1])) else { return .failure(.malformed) }
            guard date.precision == .day else { return .failure(.impossible("a time of day needs a date with day precision")) }
            return .success(Moment(date, time: time))
        }
    }

    /// The precision's name: "year", "month", "week", "day", "hour", "minute" or "second".
    public var precisionName: String { time?.precision.rawValue ?? date.precision.rawValue }

    /// ISO 8601: "2019-07-09", "2019-07-09T14:30".
    public var iso: String { date.iso + (time.map { "T" + $0.iso } ?? "") }

    /// As a reader reads it: "Tue 9 Jul 2019", "Tue 9 Jul 2019, 14:30".
    public var readable: String { date.readable + (time.map { ", " + $0.readable } ?? "") }

    /// The moment, its ISO form and its precision: "Tue 9 Jul 2019, 14:30 · 2019-07-09T14:30,
    /// minute precision" (`TimelineDate.withPrecision` with the time).
    public var withPrecision: String { "\(readable) · \(iso), \(precisionName) precision" }

    /// The ISO text.
    public var description: String { iso }

    /// Earlier first: by first day, then time of day (none first), then the shorter date.
    public static func < (a: Moment, b: Moment) -> Bool {
        (a.date.firstDay, a.time?.secondOfDay ?? -1, a.date.lastDay) < (b.date.firstDay, b.time?.secondOfDay ?? -1, b.date.lastDay)
    }
}

/// A picture, video or other media an event or the timeline shows: a link, with a caption and a credit.
public struct Media: Sendable, Hashable, Codable {
    /// Where the media is: a URL, as given.
    public var url: String
    /// What it shows, as text.
    public var caption: String?
    /// Who made it or holds its rights, as text.
    public var credit: String?
    /// A small picture standing for it, as a URL.
    public var thumbnail: String?

    /// Media at `url`, with what else is known of it.
    public init(url: String, caption: String? = nil, credit: String? = nil, thumbnail: String? = nil) {
        self.url = url; self.caption = caption; self.credit = credit; self.thumbnail = thumbnail
    }

    /// The media as text, one line each: "Link: URL", "Caption: …", "Credit: …", "Thumbnail: URL".
    public var lines: [String] {
        ["Link: " + url] + (caption.map { ["Caption: " + $0] } ?? []) + (credit.map { ["Credit: " + $0] } ?? [])
            + (thumbnail.map { ["Thumbnail: " + $0] } ?? [])
    }
}

/// A named span of time the timeline marks (TimelineJS's eras): shaded on the date axis, listed by `tl periods`.
public struct Era: Sendable, Hashable, Codable {
    /// What the span is called.
    public var name: String
    /// When it starts.
    public var start: Moment
    /// When it ends (on or after the start).
    public var end: Moment

    /// An era from `start` to `end`.
    public init(name: String, start: Moment, end: Moment) {
        self.name = name; self.start = start; self.end = end
    }

    /// Its dates: "Jan 1914 to Nov 1918" (`Moment.readable` of both ends).
    public var span: String { "\(start.readable) to \(end.readable)" }
}

/// How far a timeline's dates reach: TimelineJS's two scales.
public enum TimelineScale: String, Sendable, CaseIterable, Codable {
    /// Dates of the calendar (`TimelineDate.calendarYears`), to the second.
    case human
    /// Years far from the calendar (13.8 billion years ago): every date has year precision.
    case cosmological
}

/// What an event may hold beside its date, title and summary. Kept out of line (`Event` holds
/// it boxed), since an event from sources has none of it.
public struct EventDetails: Sendable, Hashable, Codable {
    /// The time of day of the event's date, when it has one (a day-precision date only).
    public var time: TimeOfDay?
    /// When a span ends; nil for an event at one date.
    public var end: Moment?
    /// How the date is to be shown, as given ("Summer 1978"), beside the date worked out.
    public var displayDate: String?
    /// The lane the event is in (TimelineJS's group).
    public var group: String?
    /// The media the event shows.
    public var media: Media?

    /// Details with the parts given.
    public init(time: TimeOfDay? = nil, end: Moment? = nil, displayDate: String? = nil, group: String? = nil, media: Media? = nil) {
        self.time = time; self.end = end; self.displayDate = displayDate; self.group = group; self.media = media
    }

    /// True when there is nothing in it.
    public var isEmpty: Bool { self == EventDetails() }
}

extension Event {
    /// The event's time of day, end, display date, group and media (empty for most events).
    public var details: EventDetails {
        get { detailsBox?.value ?? EventDetails() }
        set { detailsBox = newValue.isEmpty ? nil : Box(newValue) }
    }

    /// The time of day of the event's date, if given.
    public var time: TimeOfDay? { detailsBox?.value.time }
    /// When the event happened, or started: its date and time of day.
    public var start: Moment { Moment(date.date, time: time) }
    /// When a span ends; nil for an event at one date.
    public var end: Moment? { detailsBox?.value.end }
    /// The date as the data says to show it ("Summer 1978"), shown beside the date worked out.
    public var displayDate: String? { detailsBox?.value.displayDate }
    /// The lane the event is in, if any.
    public var group: String? { detailsBox?.value.group }
    /// The media the event shows, if any.
    public var media: Media? { detailsBox?.value.media }

    /// The event's date in one line: the display date when there is one, then the start (and
    /// for a span the end) with the ISO form and precision: "Tue 9 Jul 2019 · 2019-07-09, day
    /// precision", "Summer 1978 · 1978 · 1978, year precision", "Sun 10 Dec 1815 to Sat 27 Nov
    /// 1852 · 1815-12-10/1852-11-27, day precision".
    public var dateLine: String {
        let start = start
        var line: String
        if let end {
            let precision = start.precisionName == end.precisionName ? start.precisionName : "\(start.precisionName) to \(end.precisionName)"
            line = "\(start.readable) to \(end.readable) · \(start.iso)/\(end.iso), \(precision) precision"
        } else {
            line = start.withPrecision
        }
        if let displayDate { line = displayDate + " · " + line }
        return line
    }
}

extension Timeline {
    /// The groups (lanes) the events are in, in the order of their first event.
    public var groups: [String] {
        var seen = Set<String>()
        return events.compactMap { event in event.group.flatMap { seen.insert($0).inserted ? $0 : nil } }
    }

    /// The group called `name`, in any case; nil when no event is in it.
    public func group(named name: String) -> String? {
        let wanted = name.lowercased().trimmingSpaces
        return groups.first { $0.lowercased() == wanted }
    }

    /// The events within era `era` (those whose dates overlap it), in date order.
    public func events(during era: Era) -> [Int] {
        events.indices.filter { e in
            let event = events[e]
            let last = event.end?.date.lastDay ?? event.date.date.lastDay
            return last >= era.start.date.firstDay && event.date.date.firstDay <= era.end.date.lastDay
        }
    }

    /// Whether the timeline names years outside the calendar, or says it is cosmological.
    public var isCosmological: Bool {
        scale == .cosmological || events.contains { !TimelineDate.calendarYears.contains($0.date.date.first.year) }
    }
}
