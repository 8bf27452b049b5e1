import TimelineModel

extension ScreenBuffer {
    /// "29 Jun ├──•──•──────▲•┤ 9 Jul": where the days in `days` (sorted) fall between the first
    /// and the last, and where the selection is (`◀` before the axis for a background event).
    mutating func drawAxis(_ rect: Rect, days: [Int], selected: Int?, selectedIsBackground: Bool) {
        guard let firstDay = days.first, let lastDay = days.last else { return }
        let start = CivilDay(dayNumber: firstDay), end = CivilDay(dayNumber: lastDay)
        let left = "\(start.day) \(shortMonthNames[start.month - 1]) "
        let right = " \(end.day) \(shortMonthNames[end.month - 1])"
        let track = rect.width - left.count - right.count - 2
        guard track >= 3 else { return }
        let span = max(1, lastDay - firstDay)
        func column(_ day: Int) -> Int { min(track - 1, max(0, (day - firstDay) * (track - 1) / span)) }
        // A column is marked when any event falls in its days: a binary search per column, so
        // the axis costs the same for ten events or a million.
        let cells = (0..<track).map { c -> String in
            let from = firstDay + (c * span + track - 2) / (track - 1)
            let next = days.lowerBound(of: from)
            return next < days.count && column(days[next]) == c ? "•" : "─"
        }
        put(left + "├" + cells.joined() + "┤" + right, x: rect.x, y: rect.y, style: .dim, limit: rect.width)
        let x = rect.x + left.count + 1
        if selectedIsBackground {
            put("◀", x: x - 1, y: rect.y, style: .selection)
        } else if let selected {
            put("▲", x: x + column(selected), y: rect.y, style: .selection)
        }
    }
}
