import Foundation
import TestSupport
import Testing
import TimelineModel
@testable import TimelineStore

/// A store's events are kept in `EventBytes`' form: read back, each is the event written.
@Suite("Events as a store keeps them")
struct EventBytesTests {
    /// Every event of the bundled timeline (dates worked out from phrases, participants,
    /// quotes), of the TimelineJS fixture (time of day, spans, display dates, groups, media) and
    /// of the CSV fixture.
    static func events() throws -> [Event] {
        let timelineJS = [("timeline.json", TimelineJSFixtures.json, TimelineFormat.timelinejs), ("timeline.csv", TimelineJSFixtures.csv, .csv)]
        return try Array(TimelineLoader.load(.bundled).get().events)
            + timelineJS.flatMap { name, text, format in
                try Array(TimelineLoader.load(.memory([name: text], mainFile: name, label: "fixtures"), format: format).get().events)
            }
    }

    static func json(_ event: Event) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(event), as: UTF8.self)
    }

    @Test func everyFieldComesBack() throws {
        let events = try Self.events()
        #expect(events.contains { $0.date.derivation != nil } && events.contains { !$0.details.isEmpty } && events.contains { $0.media != nil })
        for event in events {
            let back = try #require(EventBytes.decode(EventBytes.encode(event)), "\(event.id)")
            #expect(try Self.json(back) == Self.json(event), "\(event.id)")
        }
    }

    @Test func bytesCutShortOrWithMoreAfterThemAreNotAnEvent() throws {
        let bytes = EventBytes.encode(try #require(Self.events().first { $0.date.derivation != nil }))
        for length in 0..<bytes.count { #expect(EventBytes.decode(bytes.prefix(length)) == nil, "\(length) of \(bytes.count) bytes") }
        #expect(EventBytes.decode(bytes + [0]) == nil)
        #expect(EventBytes.decode(Data(repeating: 0xFF, count: 64)) == nil)
    }
}
