/// How far a load has got, for a progress bar.
public struct LoadProgress: Sendable, Equatable {
    /// The stages of a load, in the order they happen.
    public enum Phase: Sendable, Equatable {
        /// Reading the timeline file; `done` and `total` count its bytes.
        case reading
        /// Reading the source texts and finding every quote in them; `done` and `total` count sources.
        case checking
        /// Sorting and indexing the events.
        case indexing
    }
    /// The stage the load is in.
    public var phase: Phase
    /// How much of the phase is done, in the phase's unit (bytes or sources).
    public var done: Int
    /// How much the phase has to do, in the same unit.
    public var total: Int
    /// Events read so far.
    public var events: Int

    /// A report of `done` out of `total` in `phase`, with `events` read so far.
    public init(_ phase: Phase, done: Int, total: Int, events: Int) {
        self.phase = phase
        self.done = done
        self.total = total
        self.events = events
    }

    /// From 0 to 1, across the phases (reading is most of a load).
    public var fraction: Double {
        let part = total > 0 ? Double(min(done, total)) / Double(total) : 1
        switch phase {
        case .reading: return 0.8 * part
        case .checking: return 0.8 + 0.15 * part
        case .indexing: return 0.95
        }
    }
}
