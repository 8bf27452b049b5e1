import TestSupport
import Testing
import TimelineModel

@Suite("One vocabulary: the labels every output shares")
struct WordingTests {
    let bundled = try! TimelineLoader.load(.bundled).get()

    @Test func countsAgreeWithTheirNumber() {
        #expect(Wording.counted(1, "event") == "1 event")
        #expect(Wording.counted(0, "event") == "0 events")
        #expect(Wording.counted(2, "change") == "2 changes")
        #expect(Wording.counted(1, "person", plural: "people") == "1 person")
        #expect(Wording.counted(9, "person", plural: "people") == "9 people")
    }

    @Test func sourcesAreLabelledByOutletAuthorAndDate() {
        #expect(bundled.sourceLabel("ttnews-2019-07-10") == "TTNews, Wed 10 Jul 2019")
        #expect(bundled.sourceLabel("arirang-2019-07") == "Arirang News (Lee Seung-jae), w/c 8 Jul 2019 (date inferred)")
        #expect(bundled.sourceLabel("nowhere") == "nowhere")
        #expect(bundled.sourceWithoutText("ttnews-2019-07-10")?.published.label == "Wed 10 Jul 2019, 11:45 EDT")
        #expect(bundled.sourceWithoutText("arirang-2019-07")?.published.label == "week 28 of 2019 (8–14 Jul) (not stated; inferred)")
    }

    @Test func aDerivedDateSaysWhereItCameFrom() throws {
        let ross = try #require(bundled.event("ross-huawei-licences"))
        #expect(bundled.dateLines(of: ross) == ["Tue 9 Jul 2019 · 2019-07-09, day precision",
                                                "from “Tuesday” in Arirang News, resolved against week 28 of 2019 (8–14 Jul)"])
        let stall = try #require(bundled.event("talks-stall"))
        #expect(bundled.dateLines(of: stall).first == "May 2019 · 2019-05, month precision")
        let noted = try TimelineLoader.load(SampleTimeline.files(SampleTimeline.replacing(
            #""phrase": "Tuesday", "source": "wire" }"#, with: #""phrase": "Tuesday", "source": "wire", "note": "the wire's own weekday" }"#))).get()
        #expect(noted.dateLines(of: try #require(noted.event("said"))).last == "the wire's own weekday")
    }

    @Test func everyUseOfAQuoteHasALabelAndAKind() throws {
        let uses = bundled.citationsOfSource.flatMap { $0.map(\.use) }
        let labels = Set(uses.map { bundled.label(of: $0) })
        #expect(labels.contains("event g20-truce"))
        #expect(labels.contains("date of event ross-huawei-licences"))
        #expect(labels.contains("role of Robert Lighthizer: U.S. Trade Representative"))
        #expect(labels.contains("measure huawei-licences"))
        #expect(labels.contains("measure huawei-licences eased in event ross-huawei-licences"))
        #expect(Set(uses.map(\.kind)) == ["event", "date", "role", "measure", "change"])
    }

    @Test func coverageAndOtherNamesReadTheSameEverywhere() throws {
        let exemptions = try #require(bundled.measure("tariff-exemptions-110"))
        #expect(exemptions.covers.stated.map { "\($0.aspect.label): \($0.value)" }
                == ["Amount: 110 Chinese products", "Products: from medical equipment to key capacitors"])
        #expect(Coverage.Aspect.allCases.map(\.rawValue) == ["amount", "rate", "products"])
        #expect(bundled.person("kudlow")?.alsoKnownAs == "also known as Kudlow")
        let unnamed = try TimelineLoader.load(SampleTimeline.files()).get()
        #expect(unnamed.person("amb")?.alsoKnownAs == nil)
    }

    @Test func theBackgroundIsNamedByTheData() throws {
        #expect(bundled.backgroundLabel == "before the G20 meeting")
        #expect(bundled.backgroundHeading == "Background: before the G20 meeting")
        let unnamed = try TimelineLoader.load(SampleTimeline.files()).get()
        #expect(unnamed.backgroundLabel == nil)
        #expect(unnamed.backgroundHeading == "Background")
        let named = try TimelineLoader.load(SampleTimeline.files(SampleTimeline.replacing(
            #""title": "Test timeline","#, with: #""title": "Test timeline", "backgroundLabel": "before the talks","#))).get()
        #expect(named.backgroundHeading == "Background: before the talks")
    }
}
