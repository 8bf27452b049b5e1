// Calendar dates with a precision, written as ISO 8601 strings: `2019`, `2019-07`, `2019-W27`
// (ISO week), `2019-07-09`. Plain arithmetic on the proleptic Gregorian calendar, so that the
// model has no dependency on Foundation's calendars or the machine's time zone.

/// How precisely a date is known: the form its ISO text takes.
public enum DatePrecision: String, Sendable, CaseIterable, Codable {
    case year, month, week, day
}

/// A date with its precision (a day, an ISO week, a month or a year), as the timeline format
/// writes it and as events and sources are dated.
public struct TimelineDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whether the date is a day, a week, a month or a year.
    public let precision: DatePrecision
    /// Days since 1970-01-01 of the first day the date covers.
    public let firstDay: Int
    /// Days since 1970-01-01 of the last day the date covers.
    public let lastDay: Int
    /// The date as ISO 8601 text: "2019-07-09", "2019-W27", "2019-07", "2019".
    public let iso: String

    /// The ISO text.
    public var description: String { iso }

    /// Earlier first day first; of two dates starting the same day, the shorter first.
    public static func < (a: TimelineDate, b: TimelineDate) -> Bool {
        (a.firstDay, a.lastDay) < (b.firstDay, b.lastDay)
    }

    /// The day `day`, with day precision.
    public init(day: CivilDay) { self.init(day: day, iso: day.iso) }

    /// `iso` is the day written as YYYY-MM-DD (the text it was parsed from, saving a format).
    init(day: CivilDay, iso: String) {
        precision = .day
        firstDay = day.dayNumber
        lastDay = firstDay
        self.iso = iso
    }

    /// A month; nil for a month or year out of range.
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month), (1...9999).contains(year) else { return nil }
        precision = .month
        firstDay = CivilDay(year: year, month: month, day: 1)!.dayNumber
        lastDay = firstDay + CivilDay.daysIn(month: month, year: year) - 1
        iso = "\(pad4(year))-\(pad2(month))"
    }

    /// A year; nil for a year outside 1–9999.
    public init?(year: Int) {
        guard (1...9999).contains(year) else { return nil }
        precision = .year
        firstDay = CivilDay(year: year, month: 1, day: 1)!.dayNumber
        lastDay = CivilDay(year: year, month: 12, day: 31)!.dayNumber
        iso = pad4(year)
    }

    /// An ISO week (Monday to Sunday) of an ISO week-numbering year; nil for a week the year does not have.
    public init?(isoYear: Int, week: Int) {
        guard (1...9999).contains(isoYear), week >= 1, week <= CivilDay.isoWeeksIn(year: isoYear) else { return nil }
        precision = .week
        firstDay = CivilDay.mondayOfISOWeek1(isoYear) + (week - 1) * 7
        lastDay = firstDay + 6
        iso = "\(pad4(isoYear))-W\(pad2(week))"
    }

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
            guard let year = number(parts[0], digits: 4) else { return .failure(.malformed) }
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
                return .success(TimelineDate(day: civil, iso: original))
            default:
                return .failure(.malformed)
            }
        }
    }

    /// The day for a day-precision date; the first day otherwise.
    public var first: CivilDay { CivilDay(dayNumber: firstDay) }

    /// The date a user reads: "Tue 9 Jul 2019", "week 27 of 2019 (1–7 Jul)", "May 2019", "2019".
    public var readable: String {
        let start = CivilDay(dayNumber: firstDay)
        switch precision {
        case .day: return "\(start.weekdayName) \(start.day) \(shortMonthNames[start.month - 1]) \(start.year)"
        case .month: return "\(monthNames[start.month - 1]) \(start.year)"
        case .year: return String(start.year)
        case .week:
            let end = CivilDay(dayNumber: lastDay)
            let week = iso.split(separator: "W").last.map(String.init) ?? ""
            let range = start.month == end.month
                ? "\(start.day)–\(end.day) \(shortMonthNames[end.month - 1])"
                : "\(start.day) \(shortMonthNames[start.month - 1])–\(end.day) \(shortMonthNames[end.month - 1])"
            return "week \(Int(week) ?? 0) of \(isoYearOfWeek) (\(range))"
        }
    }

    private var isoYearOfWeek: String { String(iso.prefix(4)) }
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

    /// The day as ISO 8601 text, "2019-07-09".
    public var iso: String { "\(pad4(year))-\(pad2(month))-\(pad2(day))" }

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

extension TimelineDate {
    /// At most 15 cells, for tables: "Tue 9 Jul 2019", "w/c 1 Jul 2019", "May 2019", "2018".
    public var compact: String {
        let start = first
        switch precision {
        case .day: return readable
        case .week: return "w/c \(start.day) \(shortMonthNames[start.month - 1]) \(start.year)"
        case .month: return "\(shortMonthNames[start.month - 1]) \(start.year)"
        case .year: return String(start.year)
        }
    }
}
