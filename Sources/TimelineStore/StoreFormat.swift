import Foundation
import GRDB
import TimelineModel

/// The layout of a store file. Each list of the timeline is a table keyed by its position (events
/// in date order, the rest in file order); each item is kept whole, beside the columns the
/// queries need, as the JSON of its model value (an event in `EventBytes`' form), except where
/// the quotes of events and measure changes are in their sources: the build finds them after the
/// items are written, so they are kept apart (`event_quote`, and the `change` table's `start` and
/// `end`) and set on reading.
/// The timeline pane's rows are worked out once, when the store is built, and searched text is
/// indexed by FTS5 trigrams.
/// Measure changes are kept in the order of their events, not of their measures: the changes
/// of the events on screen are then one run of pages, where by measure each was a walk down the
/// table of its own (four page reads each, at ten million events); a measure's own list goes
/// through `change_of_measure`, which also holds the first and last day of each change's event,
/// so that a measure's status as of a date reads its index alone.
enum StoreFormat {
    /// Bumped whenever a store's layout changes: a store of another version is refused.
    static let version = 5
    /// "tl" + "st", so that a store is told apart from other SQLite files.
    static let applicationID: Int32 = 0x746C_7374

    static let schema = """
        CREATE TABLE meta(key TEXT PRIMARY KEY, value BLOB NOT NULL);
        CREATE TABLE built_from(n INTEGER PRIMARY KEY, path TEXT NOT NULL, size INTEGER NOT NULL, modified REAL NOT NULL, hash TEXT NOT NULL);
        CREATE TABLE source(pos INTEGER PRIMARY KEY, id TEXT NOT NULL, body BLOB NOT NULL, text TEXT NOT NULL);
        CREATE TABLE person(pos INTEGER PRIMARY KEY, events INTEGER NOT NULL, body BLOB NOT NULL);
        CREATE TABLE measure(pos INTEGER PRIMARY KEY, id TEXT NOT NULL, changes INTEGER NOT NULL, body BLOB NOT NULL);
        CREATE TABLE change(event INTEGER NOT NULL, measure INTEGER NOT NULL, n INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                            first INTEGER NOT NULL, last INTEGER NOT NULL, body BLOB NOT NULL, PRIMARY KEY(event, measure, n)) WITHOUT ROWID;
        CREATE TABLE event_quote(event INTEGER NOT NULL, part INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                                 PRIMARY KEY(event, part)) WITHOUT ROWID;
        CREATE TABLE event(pos INTEGER PRIMARY KEY, id TEXT NOT NULL, row INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
                           body BLOB NOT NULL);
        CREATE TABLE participation(person INTEGER NOT NULL, event INTEGER NOT NULL, PRIMARY KEY(person, event)) WITHOUT ROWID;
        CREATE TABLE citation(source INTEGER NOT NULL, n INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                              prefix TEXT, suffix TEXT, kind INTEGER NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL,
                              PRIMARY KEY(source, n)) WITHOUT ROWID;
        CREATE TABLE pane_row(n INTEGER PRIMARY KEY, kind INTEGER NOT NULL, label TEXT, event INTEGER);
        \(searchTable);
        """

    /// The searched text of each event, indexed by FTS5 trigrams.
    static let searchTable = """
        CREATE VIRTUAL TABLE search USING fts5(text, tokenize = 'trigram case_sensitive 1', detail = none, content = '', columnsize = 0)
        """

    /// What a build stages beside the store, deleted once it is done: the sources (their texts
    /// are read at the end), events out of date order, and what is sorted by SQLite at the end.
    /// Each kind is in a file of its own (`stagingFiles`), so that a table read back whole is
    /// one run of its file rather than pages scattered among the others': once the page cache
    /// no longer held them, reading the quotes back from one file shared with ten million
    /// events went at the disk's pace for random reads.
    static let stagingFiles = ["staging", "quotes", "changes", "people"]

    static let stagingSchema = """
        CREATE TABLE staging.staged_event(n INTEGER PRIMARY KEY, first INTEGER NOT NULL, second INTEGER NOT NULL, last INTEGER NOT NULL,
                                          id TEXT NOT NULL, body BLOB NOT NULL, search TEXT NOT NULL, background INTEGER NOT NULL,
                                          width INTEGER NOT NULL, precision TEXT NOT NULL, iso TEXT NOT NULL, people TEXT NOT NULL);
        CREATE TABLE staging.event_place(n INTEGER PRIMARY KEY, pos INTEGER NOT NULL);
        CREATE TABLE changes.change_staged(measure INTEGER NOT NULL, n INTEGER NOT NULL, event TEXT NOT NULL, text TEXT NOT NULL,
                                           quote INTEGER NOT NULL, body BLOB NOT NULL);
        CREATE INDEX changes.change_of_event ON change_staged(event, measure, n);
        CREATE TABLE people.participation_staged(person INTEGER NOT NULL, event INTEGER NOT NULL);
        CREATE TABLE quotes.quote_staged(id INTEGER PRIMARY KEY, source TEXT NOT NULL, text TEXT NOT NULL, prefix TEXT, suffix TEXT,
                                          kind INTEGER NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL, grp INTEGER NOT NULL, part INTEGER NOT NULL);
        CREATE TABLE staging.source_pos(id TEXT PRIMARY KEY, pos INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE staging.source_staged(pos INTEGER PRIMARY KEY, body BLOB NOT NULL);
        CREATE TABLE quotes.quote_place(id INTEGER PRIMARY KEY, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
        CREATE TABLE quotes.event_quote_staged(event INTEGER NOT NULL, part INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
        """

    /// Made once the tables are full: building them as rows arrive would be slower. (The
    /// unique index of event ids is made first, as the check that they are unique.)
    static let indexes = """
        CREATE UNIQUE INDEX measure_id ON measure(id);
        CREATE UNIQUE INDEX source_id ON source(id);
        CREATE UNIQUE INDEX change_of_measure ON change(measure, n, first, last);
        """
}

/// What the store knows of its timeline besides its lists: the timeline's own fields, and
/// what the timeline pane's rows need (`TimelineRows`).
struct StoreHeader: Codable {
    var title: String
    var description: String?
    var backgroundLabel: String?
    var measureKinds: [MeasureKind]
    var measureStatuses: [MeasureStatus]
    var warnings: [Diagnostic]
    var eras: [Era]
    var scale: TimelineScale
    var media: Media?
    var format: TimelineFormat
    var convertedFrom: String?
    var eventCount: Int
    var backgroundEventCount: Int
    var measureCount: Int
    var sourceCount: Int
    var rowCount: Int
    var axisDays: [Int]
    var storyStart: Int?
    var firstEvent: Int?
    var widestTitle: Int
    var axisFirst: String
    var axisLast: String
}

/// What a store records of the files it was built from, as they were then (the table
/// `built_from`: the timeline file first, then its sources).
public enum Provenance {
    /// One file's path, size, modification time and content hash.
    public struct Stamp: Sendable, Equatable {
        /// The absolute path.
        public var path: String
        /// Its size in bytes.
        public var size: Int64
        /// When it was last modified, in seconds since 1970.
        public var modified: Double
        /// FNV-1a of its bytes, in hexadecimal.
        public var hash: String
    }
}

/// A citation is kept as its place in the source (a quote is found there verbatim, so its text
/// is the source's between `start` and `end`) and what cites it: (kind, a, b) is the quote b
/// of event a, the derivation of event a's date, role b of person a, the quote b of measure a,
/// or change b of measure a.
extension QuoteUse {
    /// The (kind, a, b) a citation for this use is kept as; `quoteIndex` is b for an event's or
    /// a measure's quote (the first of its quotes equal to the one cited).
    func stored(quoteIndex: Int) -> (kind: Int, a: Int, b: Int) {
        switch self {
        case .event(let e): (0, e, quoteIndex)
        case .dateDerivation(let e): (1, e, 0)
        case .role(let p, let r): (2, p, r)
        case .measure(let m): (3, m, quoteIndex)
        case .change(let m, let c): (4, m, c)
        }
    }
}

extension QuoteUse {
    /// The use a citation stored as (kind, a, b) is for (`stored(quote:in:)` the other way).
    init(storedKind kind: Int, a: Int, b: Int) {
        self = switch kind {
        case 0: .event(a)
        case 1: .dateDerivation(event: a)
        case 2: .role(person: a, role: b)
        case 3: .measure(a)
        default: .change(measure: a, change: b)
        }
    }
}

/// The order the kinds of `TimelineRow` are written in.
extension TimelineRow {
    var storedKind: Int {
        switch self {
        case .section: 0
        case .month: 1
        case .day: 2
        case .event: 3
        case .gap: 4
        }
    }

    init?(storedKind: Int, label: String?, event: Int?) {
        switch storedKind {
        case 0: self = .section
        case 1: self = .month(label ?? "")
        case 2: self = .day(label ?? "")
        case 3: self = .event(event ?? 0)
        case 4: self = .gap
        default: return nil
        }
    }
}
