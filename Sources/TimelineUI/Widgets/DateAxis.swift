import TimelineModel

extension ScreenBuffer {
    /// "29 Jun ├──•──•══════▲•┤ 9 Jul": where the days in `days` (sorted) fall between the first
    /// and the last (named by `labels`), and where the selection is (`◀` before the axis for a
    /// background event). `asOf` (a day) is marked `@`; the days of `eras` are drawn `═`.
    mutating func drawAxis(_ rect: Rect, days: [Int], labels: (first: String, last: String), selected: Int?, selectedIsBackground: Bool,
                           asOf: Int? = nil, eras: [ClosedRange<Int>] = []) {
        guard let firstDay = days.first, let lastDay = days.last else { return }
        let left = labels.first + " "
        let right = " " + labels.last
        let track = rect.width - left.count - right.count - 2
        guard track >= 3 else { return }
        let span = max(1, lastDay - firstDay)
        func column(_ day: Int) -> Int { min(track - 1, max(0, (day - firstDay) * (track - 1) / span)) }
        // A column is marked when any event falls in its days: a binary search per column, so
        // the axis costs the same for ten events or a million.
        let cells = (0..<track).map { c -> String in
            let from = firstDay + (c * span + track - 2) / (track - 1)
            let next = days.lowerBound(of: from)
            if next < days.count && column(days[next]) == c { return "•" }
            let to = firstDay + ((c + 1) * span + track - 2) / (track - 1) - 1
            return eras.contains { $0.overlaps(from...max(from, to)) } ? "═" : "─"
        }
        put(left + "├" + cells.joined() + "┤" + right, x: rect.x, y: rect.y, style: .dim, limit: rect.width)
        let x = rect.x + left.count + 1
        if let asOf, asOf >= firstDay {
            put("@", x: x + column(min(asOf, lastDay)), y: rect.y, style: .accent)
        }
        if selectedIsBackground {
            put("◀", x: x - 1, y: rect.y, style: .selection)
        } else if let selected {
            put("▲", x: x + column(selected), y: rect.y, style: .selection)
        }
    }
}
