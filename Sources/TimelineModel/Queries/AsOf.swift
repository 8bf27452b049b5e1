/// A measure's status in force on a date, as certain as the dates of its changes allow.
public struct MeasureStatusAsOf: Sendable, Equatable {
    /// The day asked about (a date of week, month or year precision is asked about as of its last day).
    public let day: Int
    /// The status of the last change that may have happened by then; nil when none can have.
    public let status: MeasureStatus?
    /// Whether the sources' dates settle it: false when that change's date range runs past the
    /// day, or another change's range overlaps it so the two may have happened in either order.
    public let certain: Bool
    /// That change, as an index into the measure's changes.
    public let change: Int?
}

extension Timeline {
    /// The first and last day of the event of each of measure `m`'s changes, in order (nil for a
    /// change whose event is not in the timeline); a store answers from an index.
    func changeDays(ofMeasure m: Int) -> [(first: Int, last: Int)?] {
        if let storage { return storage.changeDays(ofMeasure: m) }
        let changes = measures[m].changes
        return changes.indices.map { c in
            eventIndex[changes[c].event].map { e in (events[e].date.date.firstDay, events[e].date.date.lastDay) }
        }
    }

    /// Measure `m`'s status in force on `date`: the last of its changes that can have happened
    /// on or before the date's last day. Certain when that change's range ends by then and no
    /// other change that may also have happened by then could have come after it.
    public func status(of m: Int, asOf date: TimelineDate) -> MeasureStatusAsOf {
        let day = date.lastDay
        let changes = measures[m].changes
        // The changes that may have happened by the day, each with its date range.
        let days = changeDays(ofMeasure: m)
        let candidates: [(index: Int, first: Int, last: Int)] = days.indices.compactMap { c in
            guard let range = days[c], range.first <= day else { return nil }
            return (c, range.first, range.last)
        }
        // The latest to begin; of two beginning together, the later in the file.
        guard let latest = candidates.max(by: { ($0.first, $0.index) < ($1.first, $1.index) }) else {
            return MeasureStatusAsOf(day: day, status: nil, certain: true, change: nil)
        }
        let overlapped = candidates.contains { $0.index != latest.index && $0.last > latest.first && changes[$0.index].status != changes[latest.index].status }
        return MeasureStatusAsOf(day: day, status: changes[latest.index].status, certain: latest.last <= day && !overlapped, change: latest.index)
    }
}
