// Calendar dates with a precision, written as ISO 8601 strings: `2019`, `2019-07`, `2019-W27`
// (ISO week), `2019-07-09`. Plain arithmetic on the proleptic Gregorian calendar, so that the
// model has no dependency on Foundation's calendars or the machine's time zone.

/// How precisely a date is known: the form its ISO text takes.
public enum DatePrecision: String, Sendable, CaseIterable, Codable {
    case year, month, week, day
}

/// A date with its precision (a day, an ISO week, a month or a year), as the timeline format
/// writes it and as events and sources are dated.
public struct TimelineDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// Whether the date is a day, a week, a month or a year.
    public let precision: DatePrecision
    /// Days since 1970-01-01 of the first day the date covers.
    public let firstDay: Int
    /// Days since 1970-01-01 of the last day the date covers.
    public let lastDay: Int
    /// The date as ISO 8601 text: "2019-07-09", "2019-W27", "2019-07", "2019".
    public let iso: String

    // Short names: a store holds millions of dates.
    enum CodingKeys: String, CodingKey { case precision = "p", firstDay = "f", lastDay = "l", iso = "i" }

    /// The ISO text.
    public var description: String { iso }

    /// Earlier first day first; of two dates starting the same day, the shorter first.
    public static func < (a: TimelineDate, b: TimelineDate) -> Bool {
        (a.firstDay, a.lastDay) < (b.firstDay, b.lastDay)
    }

    /// The day `day`, with day precision.
    public init(day: CivilDay) { self.init(day: day, iso: day.iso) }

    /// A date from the fields of one read before (a store keeps them apart).
    public init(precision: DatePrecision, firstDay: Int, lastDay: Int, iso: String) {
        (self.precision, self.firstDay, self.lastDay, self.iso) = (precision, firstDay, lastDay, iso)
    }

    /// `iso` is the day written as YYYY-MM-DD (the text it was parsed from, saving a format).
    init(day: CivilDay, iso: String) {
        precision = .day
        firstDay = day.dayNumber
        lastDay = firstDay
        self.iso = iso
    }

    /// A month; nil for a month or year out of range (`calendarYears`).
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), TimelineDate.calendarYears.contains(year) else { return nil }
        precision = .month
        firstDay = CivilDay(year: year, month: month, day: 1)!.dayNumber
        lastDay = firstDay + CivilDay.daysIn(month: month, year: year) - 1
        iso = "\(isoYear(year))-\(pad2(month))"
    }

    /// A year; nil for a year outside `allYears`.
    public init?(year: Int) {
        guard TimelineDate.allYears.contains(year) else { return nil }
        precision = .year
        firstDay = CivilDay(year: year, month: 1, day: 1)!.dayNumber
        lastDay = CivilDay(year: year, month: 12, day: 31)!.dayNumber
        iso = isoYear(year)
    }

    /// An ISO week (Monday to Sunday) of an ISO week-numbering year; nil for a week the year does not have.
    public init?(isoYear year: Int, week: Int) {
        guard TimelineDate.calendarYears.contains(year), week >= 1, week <= CivilDay.isoWeeksIn(year: year) else { return nil }
        precision = .week
        firstDay = CivilDay.mondayOfISOWeek1(year) + (week - 1) * 7
        lastDay = firstDay + 6
        iso = "\(isoYear(year))-W\(pad2(week))"
    }

    /// The years a date may have a month, a week or a day in: those of TimelineJS's human scale
    /// (the range of JavaScript's dates), 271,821 BCE to 275,759 CE. Years are numbered as ISO
    /// 8601 numbers them: 0 is 1 BCE, -1 is 2 BCE.
    public static let calendarYears = -271_820...275_759
    /// The years a date may name at all: beyond `calendarYears`, with year precision only (a
    /// cosmological timeline's 13.8 billion years ago).
    public static let allYears = -999_999_999_999...999_999_999_999

    /// Why text is not a date.
    public enum ParseError: Error, Equatable, Sendable {
        case malformed
        case impossible(String)
    }

    /// Parses one of the four forms; `malformed` when the text is none of them,
    /// `impossible` when it has the form of a date that does not exist.
    public static func parse(_ text: String) -> Result<TimelineDate, ParseError> {
        let original = text
        var text = text
        // On the bytes: a timeline file holds a date per event, and a million of them are parsed on load.
        return text.withUTF8 { bytes in
            var parts: [Range<Int>] = []
            var start = 0
            for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "-") {
                parts.append(start..<i)
                start = i + 1
            }
            parts.append(start..<bytes.count)
            func number(_ range: Range<Int>, digits: Int) -> Int? {
                guard range.count == digits else { return nil }
                var value = 0
                for i in range {
                    guard bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int(bytes[i] - UInt8(ascii: "0"))
                }
                return value
            }
            // ISO 8601: four digits, or a sign and at least four (expanded years: -0043, -13799999999).
            var sign = 0
            if parts[0].isEmpty, parts.count > 1 {
                sign = -1
                parts.removeFirst()
                parts[0] = parts[0].lowerBound - 1..<parts[0].upperBound
            } else if bytes.first == UInt8(ascii: "+") {
                sign = 1
            }
            let yearDigits = sign == 0 ? parts[0] : parts[0].dropFirst()
            guard sign != 0 || yearDigits.count == 4, yearDigits.count >= 4, yearDigits.count <= 13,
                  let magnitude = number(yearDigits, digits: yearDigits.count) else { return .failure(.malformed) }
            let year = sign < 0 ? -magnitude : magnitude
            if parts.count > 1, !TimelineDate.calendarYears.contains(year) {
                return .failure(.impossible("a year beyond \(TimelineDate.calendarYears.lowerBound)…\(TimelineDate.calendarYears.upperBound) can be given only as a year, without a month, week or day"))
            }
            switch parts.count {
            case 1:
                return TimelineDate(year: year).map(Result.success) ?? .failure(.impossible("year \(year) is out of range"))
            case 2 where !parts[1].isEmpty && bytes[parts[1].lowerBound] == UInt8(ascii: "W"):
                guard let week = number(parts[1].dropFirst(), digits: 2) else { return .failure(.malformed) }
                guard let date = TimelineDate(isoYear: year, week: week) else {
                    return .failure(.impossible("\(year) has no ISO week \(week); it has \(CivilDay.isoWeeksIn(year: year))"))
                }
                return .success(date)
            case 2:
                guard let month = number(parts[1], digits: 2) else { return .failure(.malformed) }
                guard let date = TimelineDate(year: year, month: month) else { return .failure(.impossible("there is no month \(month)")) }
                return .success(date)
            case 3:
                guard let month = number(parts[1], digits: 2), let day = number(parts[2], digits: 2) else { return .failure(.malformed) }
                guard (1...12).contains(month) else { return .failure(.impossible("there is no month \(month)")) }
                guard let civil = CivilDay(year: year, month: month, day: day) else {
                    return .failure(.impossible("\(monthNames[month - 1]) \(year) has \(CivilDay.daysIn(month: month, year: year)) days, not \(day)"))
                }
                return .success(sign == 0 ? TimelineDate(day: civil, iso: original) : TimelineDate(day: civil))
            default:
                return .failure(.malformed)
            }
        }
    }

    /// The day for a day-precision date; the first day otherwise.
    public var first: CivilDay { CivilDay(dayNumber: firstDay) }

    /// The date a user reads: "Tue 9 Jul 2019", "week 27 of 2019 (1–7 Jul)", "May 2019", "2019",
    /// "Sun 15 Mar 44 BCE", "13,800,000,000 BCE".
    public var readable: String {
        let start = CivilDay(dayNumber: firstDay)
        switch precision {
        case .day: return "\(start.weekdayName) \(start.day) \(shortMonthNames[start.month - 1]) \(start.yearLabel)"
        case .month: return "\(monthNames[start.month - 1]) \(start.yearLabel)"
        case .year: return start.yearLabel
        case .week:
            let end = CivilDay(dayNumber: lastDay)
            let week = iso.split(separator: "W").last.map(String.init) ?? ""
            let range = start.month == end.month
                ? "\(start.day)–\(end.day) \(shortMonthNames[end.month - 1])"
                : "\(start.day) \(shortMonthNames[start.month - 1])–\(end.day) \(shortMonthNames[end.month - 1])"
            return "week \(Int(week) ?? 0) of \(yearLabel(CivilDay(dayNumber: firstDay + 3).year)) (\(range))"
        }
    }
}

/// A day on the proleptic Gregorian calendar.
public struct CivilDay: Sendable, Hashable, Comparable {
    /// The year, e.g. 2019.
    public let year: Int
    /// The month, 1 to 12.
    public let month: Int
    /// The day of the month, from 1.
    public let day: Int

    /// The day; nil for a day the month does not have.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDay.daysIn(month: month, year: year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// From days since 1970-01-01 (Howard Hinnant's civil_from_days).
    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        day = doy - (153 * mp + 2) / 5 + 1
        month = mp < 10 ? mp + 3 : mp - 9
        year = yoe + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The earlier day first.
    public static func < (a: CivilDay, b: CivilDay) -> Bool { a.dayNumber < b.dayNumber }

    /// 1 = Monday … 7 = Sunday (ISO 8601). 1970-01-01 was a Thursday.
    public var isoWeekday: Int { ((dayNumber % 7 + 7 + 3) % 7) + 1 }

    /// The weekday's short name: "Mon" … "Sun".
    public var weekdayName: String { weekdayNames[isoWeekday - 1] }

    /// The day as ISO 8601 text, "2019-07-09" ("-0043-03-15" for 15 March 44 BCE).
    public var iso: String { "\(isoYear(year))-\(pad2(month))-\(pad2(day))" }

    /// The year as a reader counts it: "2019", "44 BCE" (ISO year -43), "13,800,000,000 BCE".
    public var yearLabel: String { TimelineModel.yearLabel(year) }

    /// The ISO week-numbering year and week this day belongs to.
    public var isoWeek: (year: Int, week: Int) {
        for candidate in [year + 1, year, year - 1] {
            let monday = CivilDay.mondayOfISOWeek1(candidate)
            if dayNumber >= monday { return (candidate, (dayNumber - monday) / 7 + 1) }
        }
        return (year - 1, 1)
    }

    /// Whether `year` has a 29 February.
    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The number of days in `month` of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of the Monday of ISO week 1 (the week holding 4 January).
    public static func mondayOfISOWeek1(_ year: Int) -> Int {
        let jan4 = CivilDay(year: year, month: 1, day: 4)!
        return jan4.dayNumber - (jan4.isoWeekday - 1)
    }

    /// The number of ISO weeks in the ISO week-numbering year `year`: 52 or 53.
    public static func isoWeeksIn(year: Int) -> Int {
        (mondayOfISOWeek1(year + 1) - mondayOfISOWeek1(year)) / 7
    }
}

/// Month names, January first.
public let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
/// Three-letter month names, "Jan" first.
public let shortMonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
/// Three-letter weekday names, Monday first (ISO 8601).
public let weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

func pad2(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
func pad4(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n) }

/// A year as ISO 8601 writes it: four digits for 0–9999, a sign and at least four beyond
/// ("-0043", "+12019", "-13799999999").
func isoYear(_ year: Int) -> String {
    if (0...9999).contains(year) { return pad4(year) }
    return (year < 0 ? "-" : "+") + pad4(abs(year))
}

/// A year as a reader counts it: ISO's year 0 is 1 BCE, -43 is 44 BCE; years past 9,999 have
/// their thousands grouped.
func yearLabel(_ year: Int) -> String {
    let shown = year > 0 ? year : 1 - year
    return (shown > 9999 ? Wording.grouped(shown) : String(shown)) + (year > 0 ? "" : " BCE")
}

extension TimelineDate {
    /// At most 15 cells, for tables: "Tue 9 Jul 2019", "w/c 1 Jul 2019", "May 2019", "2018",
    /// "15 Mar 44 BCE", "13.8 bn BCE".
    public var compact: String {
        let start = first
        let text: String
        switch precision {
        case .day: text = readable.count <= 15 ? readable : "\(start.day) \(shortMonthNames[start.month - 1]) \(start.yearLabel)"
        case .week: text = "w/c \(start.day) \(shortMonthNames[start.month - 1]) \(start.yearLabel)"
        case .month: text = "\(shortMonthNames[start.month - 1]) \(start.yearLabel)"
        case .year: text = start.yearLabel
        }
        guard text.count > 15 else { return text }
        // Only years far outside the calendar are this long: 13,800,000,000 BCE → 13.8 bn BCE.
        let shown = start.year > 0 ? start.year : 1 - start.year
        let (unit, name) = shown >= 1_000_000_000 ? (1_000_000_000, "bn") : (1_000_000, "m")
        let tenths = (shown % unit * 10 + unit / 2) / unit
        let whole = shown / unit + tenths / 10
        return "\(whole)" + (tenths % 10 == 0 ? "" : ".\(tenths % 10)") + " \(name)" + (start.year > 0 ? "" : " BCE")
    }
}
