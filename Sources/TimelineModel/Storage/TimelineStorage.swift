/// Where a timeline too large to hold is read from as it is browsed: the SQLite store `tl index`
/// builds. A `Timeline` made on a storage asks it for each event, measure and source when it is
/// needed, so the browser and every command read a store through the same `Timeline` they read
/// a loaded file through. Positions are those of the loaded timeline: events in date order,
/// the rest in file order.
public protocol TimelineStorage: Sendable {
    /// How many events there are.
    var eventCount: Int { get }
    /// How many of them are background.
    var backgroundEventCount: Int { get }
    /// How many measures there are.
    var measureCount: Int { get }
    /// How many sources there are.
    var sourceCount: Int { get }
    /// The event at a position in date order.
    func event(at position: Int) -> Event
    /// The measure at a position, with every change it went through.
    func measure(at position: Int) -> Measure
    /// The source at a position, with its text.
    func source(at position: Int) -> Source
    /// The source at a position without its text (empty): what names and dates it, for labels
    /// drawn at every move, which should not read a whole article each.
    func sourceWithoutText(at position: Int) -> Source
    /// The position of the event with this id.
    func eventPosition(id: String) -> Int?
    /// The position of the measure with this id.
    func measurePosition(id: String) -> Int?
    /// The position of the source with this id.
    func sourcePosition(id: String) -> Int?
    /// The positions of the events a person (by position) takes part in, in date order.
    func eventsOfPerson(_ person: Int) -> [Int]
    /// How many events a person (by position) takes part in, without reading them.
    func eventCount(ofPerson person: Int) -> Int
    /// The first and last day of the event of each of a measure's changes (by position), in
    /// the measure's order: what its status as of a date turns on, without reading the events.
    func changeDays(ofMeasure measure: Int) -> [(first: Int, last: Int)]
    /// The changes an event (by position) made, as (measure, change) positions.
    func changesOfEvent(_ event: Int) -> [(measure: Int, change: Int)]
    /// Every passage cited from a source (by position), in text order.
    func citationsOfSource(_ source: Int) -> [Citation]
    /// The timeline pane's rows, worked out when the store was built.
    var rows: TimelineRows { get }
    /// The events whose searchable text may hold `query` — every event that does, and perhaps
    /// some that do not — a window at a time. Nil when the store cannot narrow it down.
    func searchCandidates(_ query: SearchQuery) -> SearchHits.CandidateWindow?
}
