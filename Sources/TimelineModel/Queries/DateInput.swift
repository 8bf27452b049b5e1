extension TimelineDate {
    /// A date as people type it when browsing: the forms `parse` reads (2019-07-09, 2019-W27,
    /// 2019-07, 2019), and a day and month with an optional year in either order ("9 Jul",
    /// "July 9", "9 July 2019"), the year taken from `year` when left out.
    public static func parse(_ text: String, year: Int) -> Result<TimelineDate, ParseError> {
        let strict = parse(text)
        guard case .failure(.malformed) = strict else { return strict }
        let words = text.replacing(",", with: " ").split(separator: " ").map { $0.lowercased() }
        var day: Int?, month: Int?, givenYear: Int?
        for word in words {
            if let number = Int(word) {
                if number > 31 || (day != nil && givenYear == nil) { givenYear = number } else if day == nil { day = number } else { return .failure(.malformed) }
            } else if let m = monthNames.firstIndex(where: { $0.lowercased() == word || $0.lowercased().prefix(3) == word.prefix(3) && word.count >= 3 && $0.lowercased().hasPrefix(word) }) {
                guard month == nil else { return .failure(.malformed) }
                month = m + 1
            } else {
                return .failure(.malformed)
            }
        }
        guard let month else { return .failure(.malformed) }
        let y = givenYear ?? year
        guard let day else {
            return TimelineDate(year: y, month: month).map(Result.success) ?? .failure(.impossible("there is no month \(month) in \(y)"))
        }
        guard let civil = CivilDay(year: y, month: month, day: day) else {
            return .failure(.impossible("\(monthNames[month - 1]) \(y) has \(CivilDay.daysIn(month: month, year: y)) days, not \(day)"))
        }
        return .success(TimelineDate(day: civil))
    }
}
