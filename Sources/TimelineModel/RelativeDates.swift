// The relative phrases news copy dates things with ("Tuesday", "last week", "two days
// earlier", "In May"), resolved against the date they were written on. The grammar is
// documented in docs/data-format.md ("Relative dates"); a phrase outside it is not an error,
// but `tl check` warns about it unless the derivation's `note` says how the date was worked out.

/// Resolves relative date phrases against an anchor date.
public enum RelativeDate {
    /// What a phrase means against an anchor.
    public enum Reading: Sendable, Equatable {
        /// The date the phrase means.
        case date(TimelineDate)
        /// The phrase is in the grammar, but needs an anchor at least this precise: "Tuesday"
        /// cannot be read against a month.
        case needsAnchor(DatePrecision)
        /// The phrase is not one tl knows.
        case unknown
    }

    /// The date `phrase` means when written on `anchor`, or nil when tl cannot resolve it
    /// (an unknown phrase, or an anchor too coarse for it).
    public static func resolve(_ phrase: String, against anchor: TimelineDate) -> TimelineDate? {
        if case .date(let date) = read(phrase, against: anchor) { return date }
        return nil
    }

    /// What `phrase` means when written on `anchor`.
    public static func read(_ phrase: String, against anchor: TimelineDate) -> Reading {
        var words = phrase.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return .unknown }
        // "on Tuesday", "in May": the preposition adds nothing ("in two weeks" keeps it, below).
        if words.count > 1, words[0] == "on" || (words[0] == "in" && number(words[1]) == nil && words[1] != "a" && words[1] != "an") {
            words.removeFirst()
        }
        return Reading.of(words, anchor)
    }

    /// "one" … "twenty", "a", "an" and digits, as a number.
    static func number(_ word: String) -> Int? {
        if let n = Int(word), n >= 0, n < 10_000 { return n }
        if word == "a" || word == "an" { return 1 }
        return numberWords.firstIndex(of: word).map { $0 + 1 }
    }

    static let numberWords = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                              "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
    static let weekdays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    /// last, this, next: the step each takes from the anchor's week, month or year.
    static let steps = ["last": -1, "this": 0, "next": 1]
}

/// The units a phrase counts in.
private enum Unit {
    case day, week, month, year

    init?(_ word: String) {
        switch word {
        case "day", "days": self = .day
        case "week", "weeks": self = .week
        case "month", "months": self = .month
        case "year", "years": self = .year
        default: return nil
        }
    }
}

extension RelativeDate.Reading {
    /// The reading of `words` (lowercased, prepositions "on" and "in" before a name dropped).
    fileprivate static func of(_ words: [String], _ anchor: TimelineDate) -> Self {
        let day = anchor.precision == .day
        let weekOrDay = day || anchor.precision == .week
        func needs(_ ok: Bool, _ precision: DatePrecision, _ date: () -> TimelineDate?) -> Self {
            guard ok else { return .needsAnchor(precision) }
            return date().map(Self.date) ?? .unknown
        }
        switch words {
        case ["yesterday"], ["last", "night"]: return needs(day, .day) { anchor.shifted(days: -1) }
        case ["today"], ["tonight"], ["earlier", "today"], ["later", "today"],
             ["this", "morning"], ["this", "afternoon"], ["this", "evening"]:
            return needs(day, .day) { anchor }
        case ["tomorrow"]: return needs(day, .day) { anchor.shifted(days: 1) }
        default: break
        }
        if words.count == 3, words[0] == "earlier" || words[0] == "later", words[1] == "this", let unit = Unit(words[2]), unit != .day {
            return step(0, unit, anchor)
        }
        if words.count == 1, let weekday = RelativeDate.weekdays.firstIndex(of: words[0]) {
            // News copy names a weekday of the week it was written in.
            return needs(weekOrDay, .week) { anchor.weekday(weekday, weeksAway: 0) }
        }
        if words.count == 2, let step = RelativeDate.steps[words[0]] {
            if let weekday = RelativeDate.weekdays.firstIndex(of: words[1]) {
                // "last Tuesday": the Tuesday of the week before the anchor's; "next Tuesday", of the week after.
                return needs(weekOrDay, .week) { anchor.weekday(weekday, weeksAway: step) }
            }
            if let unit = Unit(words[1]), unit != .day { return self.step(step, unit, anchor) }
        }
        if let month = monthNames.firstIndex(where: { $0.lowercased() == words[0] }).map({ $0 + 1 }) {
            if words.count == 1 {
                // A bare month means the latest such month not after the anchor.
                guard anchor.precision != .year else { return .needsAnchor(.month) }
                let start = anchor.first
                return TimelineDate(year: month <= start.month ? start.year : start.year - 1, month: month).map(Self.date) ?? .unknown
            }
            if words.count == 2, words[1].count == 4, let year = Int(words[1]) {
                return TimelineDate(year: year, month: month).map(Self.date) ?? .unknown
            }
        }
        // "two days earlier", "3 weeks ago", "a month later", "in two weeks".
        var counted = words
        var direction = 0
        if counted.first == "in" {
            counted.removeFirst()
            direction = 1
        } else if let last = counted.last {
            switch last {
            case "ago", "earlier", "before": direction = -1
            case "later", "after": direction = 1
            default: return .unknown
            }
            counted.removeLast()
        }
        guard counted.count == 2, let n = RelativeDate.number(counted[0]), let unit = Unit(counted[1]), direction != 0 else { return .unknown }
        return step(direction * n, unit, anchor)
    }

    /// The week, month or year `count` of them away from the anchor's; a number of days away
    /// for `.day`.
    fileprivate static func step(_ count: Int, _ unit: Unit, _ anchor: TimelineDate) -> Self {
        switch unit {
        case .day:
            guard anchor.precision == .day else { return .needsAnchor(.day) }
            return anchor.shifted(days: count).map(Self.date) ?? .unknown
        case .week:
            guard anchor.precision == .day || anchor.precision == .week else { return .needsAnchor(.week) }
            return RelativeDate.week(containing: anchor.firstDay + 7 * count).map(Self.date) ?? .unknown
        case .month:
            guard anchor.precision != .year else { return .needsAnchor(.month) }
            let start = anchor.first, end = CivilDay(dayNumber: anchor.lastDay)
            // A week across two months has no one month to count from.
            guard start.month == end.month else { return .needsAnchor(.month) }
            let months = start.year * 12 + (start.month - 1) + count
            return TimelineDate(year: months / 12, month: months % 12 + 1).map(Self.date) ?? .unknown
        case .year:
            return TimelineDate(year: anchor.first.year + count).map(Self.date) ?? .unknown
        }
    }
}

extension RelativeDate {
    /// The ISO week holding the day `dayNumber`.
    static func week(containing dayNumber: Int) -> TimelineDate? {
        let (year, week) = CivilDay(dayNumber: dayNumber).isoWeek
        return TimelineDate(isoYear: year, week: week)
    }
}

extension TimelineDate {
    /// The day `days` after this one (before, when negative), for a day.
    fileprivate func shifted(days: Int) -> TimelineDate? {
        let day = CivilDay(dayNumber: firstDay + days)
        return (1...9999).contains(day.year) ? TimelineDate(day: day) : nil
    }

    /// Weekday `weekday` (0 = Monday) of the week `weeksAway` from this date's week.
    fileprivate func weekday(_ weekday: Int, weeksAway: Int) -> TimelineDate? {
        let monday = firstDay - (first.isoWeekday - 1)
        let day = CivilDay(dayNumber: monday + 7 * weeksAway + weekday)
        return (1...9999).contains(day.year) ? TimelineDate(day: day) : nil
    }
}
