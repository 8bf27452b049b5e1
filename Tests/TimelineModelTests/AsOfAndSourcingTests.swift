import Testing
import TestSupport
@testable import TimelineModel

/// A measure changed at every precision: imposed in 2018 (year), threatened in May 2019 (month),
/// kept in week 27 (1–7 Jul), eased on 9 Jul.
private let changes: Timeline = {
    let source = "A duty was imposed. In May it was threatened again. Last week it was kept. On Tuesday it was eased. Two wires agree it was eased."
    func event(_ id: String, _ date: String, _ precision: String, _ quote: String, source: String = "wire") -> String {
        """
        { "id": "\(id)", "date": "\(date)", "precision": "\(precision)", "title": "\(id)", "summary": "\(id)",
          "quotes": [ { "source": "\(source)", "text": "\(quote)" } ] }
        """
    }
    func change(_ event: String, _ status: String, _ quote: String) -> String {
        #"{ "event": "\#(event)", "status": "\#(status)", "quote": { "source": "wire", "text": "\#(quote)" } }"#
    }
    let json = """
    { "format": "tl-timeline/1", "title": "As of",
      "sources": [ { "id": "wire", "outlet": "Wire", "title": "W", "kind": "article", "published": { "date": "2019-07-10", "precision": "day" }, "file": "wire.txt" },
                   { "id": "post", "outlet": "Post", "title": "P", "kind": "article", "published": { "date": "2019-07-11", "precision": "day" }, "file": "post.txt" } ],
      "people": [],
      "measures": [ { "id": "duty", "name": "The duty", "kind": "tariff", "covers": {},
        "changes": [ \(change("imposed", "imposed", "A duty was imposed.")), \(change("threat", "threatened", "In May it was threatened again.")),
                     \(change("kept", "kept", "Last week it was kept.")), \(change("eased", "eased", "On Tuesday it was eased.")) ] } ],
      "events": [ \(event("imposed", "2018", "year", "A duty was imposed.")), \(event("threat", "2019-05", "month", "In May it was threatened again.")),
                  \(event("kept", "2019-W27", "week", "Last week it was kept.")),
                  { "id": "eased", "date": "2019-07-09", "precision": "day", "title": "eased", "summary": "eased",
                    "quotes": [ { "source": "wire", "text": "On Tuesday it was eased." }, { "source": "post", "text": "it was eased" } ] } ]
    }
    """
    return try! TimelineLoader.load(.memory(["timeline.json": json, "wire.txt": source, "post.txt": "Both say it was eased."], label: "as-of")).get()
}()

@Suite("As of a date")
struct AsOfTests {
    func asOf(_ date: String) -> MeasureStatusAsOf { changes.status(of: 0, asOf: try! TimelineDate.parse(date).get()) }

    @Test func beforeAnyChangeThereIsNoStatus() {
        let before = asOf("2017-12-31")
        #expect(before.status == nil && before.change == nil && before.certain)
    }

    @Test func aYearLongChangeIsUncertainWithinTheYearAndCertainAfter() {
        #expect(asOf("2018-03-01") == MeasureStatusAsOf(day: try! TimelineDate.parse("2018-03-01").get().lastDay, status: .imposed, certain: false, change: 0))
        #expect(asOf("2018").certain, "asked as of the whole year: its last day")
        #expect(asOf("2019-01-15").status == .imposed && asOf("2019-01-15").certain)
    }

    @Test func monthAndWeekPrecision() {
        #expect(asOf("2019-05-10").status == .threatened && !asOf("2019-05-10").certain)
        #expect(asOf("2019-06-01").status == .threatened && asOf("2019-06-01").certain)
        #expect(asOf("2019-07-03").status == .kept && !asOf("2019-07-03").certain, "week 27 runs to 7 Jul")
        #expect(asOf("2019-07-08").status == .kept && asOf("2019-07-08").certain)
        #expect(asOf("2019-W27").certain, "a week asked about as of its last day")
    }

    @Test func aDayChangeIsCertainFromItsDay() {
        #expect(asOf("2019-07-09").status == .eased && asOf("2019-07-09").certain)
        #expect(asOf("2019-07-09").change == 3)
    }

    @Test func theBundledTimelineOnTheFirstAndTheNinthOfJuly() throws {
        let t = try TimelineLoader.load(.bundled).get()
        func status(_ id: String, _ date: String) -> MeasureStatusAsOf { t.status(of: t.measureIndex[id]!, asOf: try! TimelineDate.parse(date).get()) }
        #expect(status("tariffs-300bn", "2019-07-01").status == .postponed && status("tariffs-300bn", "2019-07-01").certain)
        #expect(status("tariff-exemptions-110", "2019-06-30").status == nil)
        #expect(status("huawei-licences", "2019-07-09").status == .eased)
        let exemptions = status("tariff-exemptions-110", "2019-07-09")
        #expect(exemptions.status == .promised && !exemptions.certain, "announced some time in July 2019, which runs past 9 July")
        #expect(status("tariff-exemptions-110", "2019-08-01").certain)
    }
}

@Suite("Sourcing and corroboration")
struct SourcingTests {
    @Test func anEventWithTwoSourcesIsCorroborated() {
        let eased = changes.sourcing(of: changes.eventIndex["eased"]!)
        #expect(eased.sources == ["wire", "post"] && eased.corroborated)
        #expect(eased.passages["post"]?.map(\.text) == ["it was eased"])
        let kept = changes.sourcing(of: changes.eventIndex["kept"]!)
        #expect(kept.sources == ["wire"] && !kept.corroborated)
        #expect(kept.claims.count == 1)
        if case .change(0, 2) = kept.claims[0].subject {} else { Issue.record("the change is the claim") }
    }

    @Test func aPartIsSupportedBySourcesThatNameThePerson() throws {
        let t = try TimelineLoader.load(.bundled).get()
        let g20 = t.sourcing(of: t.eventIndex["g20-truce"]!)
        let trump = g20.claims.first { if case .part(let p) = $0.subject { t.people[p].id == "trump" } else { false } }
        let xi = g20.claims.first { if case .part(let p) = $0.subject { t.people[p].id == "xi" } else { false } }
        #expect(trump?.sources == ["ttnews-2019-07-10", "arirang-2019-07"])
        #expect(xi?.sources == ["ttnews-2019-07-10"])
    }
}

@Suite("Filters")
struct FilterQueryTests {
    let t = try! TimelineLoader.load(.bundled).get()

    func ids(_ text: String, starred: Set<String> = []) throws -> [String] {
        try FilterQuery.parse(text, in: t).get().events(in: t, starred: starred, index: SearchIndex(t)).map { t.events[$0].id }
    }

    @Test func termsAllHold() throws {
        #expect(try ids("person:kudlow") == ["kudlow-on-the-cards", "kudlow-huawei-purchases"])
        #expect(try ids("person:kudlow huawei") == ["kudlow-huawei-purchases"])
        #expect(try ids("measure:huawei-lic from:2019-07-09") == ["kudlow-huawei-purchases", "ross-huawei-licences"])
        #expect(try ids("source:arirang to:2019-06") == ["talks-stall", "huawei-entity-list", "g20-truce"])
        #expect(try ids("starred", starred: ["g20-truce"]) == ["g20-truce"])
        #expect(try ids("unsourced").isEmpty)
        #expect(try ids("from:9 Jul").count == 6, "a day typed as in the browser, in the story's year; July and week 28 overlap it")
    }

    @Test func badTermsSayWhatIsWrong() {
        func problem(_ text: String) -> String? {
            if case .failure(let bad) = FilterQuery.parse(text, in: t) { bad.message } else { nil }
        }
        #expect(problem("persn:kudlow") == "unknown term \"persn:\"; did you mean person:?")
        #expect(problem("person:nobody") == "no person matches \"nobody\"")
        #expect(problem("person:l")?.hasPrefix("\"l\" matches") == true)
        #expect(problem("from:2019-13") == "\"2019-13\" is impossible: there is no month 13")
        #expect(problem("from:yesterdayish")?.contains("is not a date") == true)
        #expect(problem("from:2019-07-09 to:2019-07-01") == "from: comes after to:")
        #expect(problem("person:") == "person: needs a value")
    }

    @Test func completionOffersTermsThenIds() {
        #expect(FilterQuery.completions(of: "pe", in: t) == ["person:"])
        #expect(FilterQuery.completions(of: "huawei person:ku", in: t) == ["person:kudlow"])
        #expect(FilterQuery.completions(of: "measure:tariff", in: t).count == 3)
    }
}
