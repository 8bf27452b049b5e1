import Testing
import TimelineModel

@Suite("Loading a timeline large enough to be checked on every core")
struct LoadingTests {
    /// `count` events over three sources whose texts hold non-ASCII letters (so offsets in
    /// Unicode scalars differ from offsets in bytes), every third event with a date worked out
    /// from a phrase, each quote once in its source.
    static func files(events count: Int, breaking broken: Int? = nil) -> TimelineFiles {
        let sources = ["north", "south", "east"]
        var texts = Array(repeating: "Café talks, Zürich — a report.\n", count: sources.count)
        var events: [String] = []
        for e in 0..<count {
            let s = e % sources.count
            texts[s] += "Déjà vu: on day [\(e)] the delegates of event \(e) met. "
            let quote = e == broken ? "the delegates of event \(e) never met" : "the delegates of event \(e) met"
            let day = 1 + e % 28
            let derivation = e % 3 == 0 ? #""derivedFrom": { "phrase": "day [\#(e)]", "source": "\#(sources[s])" },"# : ""
            events.append(#"""
                { "id": "event-\#(e)", "date": "2019-07-\#(day < 10 ? "0" : "")\#(day)", "precision": "day", \#(derivation)
                  "title": "Meeting \#(e)", "summary": "Delegates meet.",
                  "quotes": [ { "source": "\#(sources[s])", "text": "\#(quote)" } ] }
                """#)
        }
        let json = #"""
            { "format": "tl-timeline/1", "title": "Many meetings",
              "sources": [\#(sources.map { #"{ "id": "\#($0)", "outlet": "Wire", "title": "Talks", "kind": "article", "published": { "date": "2019-07-31", "precision": "day" }, "file": "\#($0).txt" }"# }.joined(separator: ",\n"))],
              "people": [], "measures": [],
              "events": [\#(events.joined(separator: ",\n"))] }
            """#
        var files = ["timeline.json": json]
        for (s, id) in sources.enumerated() { files["\(id).txt"] = texts[s] }
        return .memory(files, label: "many")
    }

    static func text(of quote: Quote, in timeline: Timeline) -> String {
        let scalars = Array(timeline.sources[timeline.sourceIndex[quote.source]!].text.unicodeScalars)
        return String(String.UnicodeScalarView(scalars[quote.start..<quote.end]))
    }

    @Test func everyQuoteGetsTheOffsetsOfItsTextInItsSource() throws {
        let timeline = try TimelineLoader.load(LoadingTests.files(events: 3000)).get()
        #expect(timeline.events.count == 3000)
        var derived = 0
        for event in timeline.events {
            for quote in event.quotes { #expect(LoadingTests.text(of: quote, in: timeline) == quote.text, "\(event.id)") }
            if let derivation = event.date.derivation {
                derived += 1
                #expect(LoadingTests.text(of: derivation.quote, in: timeline) == derivation.phrase, "\(event.id)")
            }
        }
        #expect(derived == 1000)
    }

    @Test func aQuoteMissingFromItsSourceIsReportedAtItsPlace() {
        guard case .failure(let error) = TimelineLoader.load(LoadingTests.files(events: 3000, breaking: 2344)) else {
            Issue.record("a quote that is not in its source was accepted")
            return
        }
        #expect(error.diagnostics.count == 1)
        #expect(error.diagnostics.first?.path == "$.events[2344].quotes[0].text")
        #expect(error.diagnostics.first?.message.contains("is not verbatim in source \"south\"") == true)
    }

    /// What a streamed load hands on, as it comes.
    final class RecordingSink: TimelineSink {
        var sources: [Source] = []
        var batches: [Int] = []
        var events: [Event] = []
        var begun: Timeline?

        func add(_ sources: [Source]) throws {
            #expect(begun == nil && events.isEmpty, "sources come first")
            batches.append(sources.count)
            self.sources += sources
        }

        func publication(ofSource id: String) throws -> TimelineDate? { sources.first { $0.id == id }?.published.date }

        func addChanges(of measure: Measure, at position: Int) throws {}

        func begin(_ rest: Timeline) throws { begun = rest }

        func add(_ events: [Event]) throws { self.events += events }
    }

    @Test func aStreamedLoadHandsEverySourceOnAndAsksForTheOnesItsDatesAreReadAgainst() throws {
        // More sources than one batch; an event late in the file reads its date's phrase
        // against a source from the last batch, which the load no longer holds.
        let sources = (0..<5000).map { s in
            #"{ "id": "s-\#(s)", "outlet": "Wire", "title": "Report \#(s)", "kind": "article", "published": { "date": "2019-07-\#(10 + s % 10)", "precision": "day" }, "file": "s.txt" }"#
        }
        let events = [(1, 0), (2, 4321)].map { e, s in
            #"""
            { "id": "event-\#(e)", "date": "2019-07-0\#(e)", "precision": "day", "derivedFrom": { "phrase": "a report", "source": "s-\#(s)" },
              "title": "Meeting", "summary": "Delegates meet.", "quotes": [ { "source": "s-\#(s)", "text": "a report" } ] }
            """#
        }
        let json = #"{ "format": "tl-timeline/1", "title": "Many sources", "sources": [\#(sources.joined(separator: ","))], "people": [], "measures": [], "events": [\#(events.joined(separator: ","))] }"#
        let sink = RecordingSink()
        let rest = try TimelineLoader.stream(.memory(["timeline.json": json, "s.txt": "a report"], label: "sources"), into: sink).get()
        #expect(sink.batches == [4096, 904])
        #expect(sink.sources.map(\.id) == (0..<5000).map { "s-\($0)" })
        #expect(rest.sources.isEmpty && sink.begun?.sources.isEmpty == true)
        #expect(sink.events.map { $0.date.derivation?.anchor.iso } == ["2019-07-10", "2019-07-11"])
    }
}
