import Testing
import TimelineModel

@Suite("Queries over the bundled timeline")
struct QueryTests {
    let t = try! TimelineLoader.load(.bundled).get()

    func person(_ query: String) -> String? {
        if case .found(let p) = t.findPerson(query) { return t.people[p].id }
        return nil
    }

    @Test func personByIdNameShortNameAndPrefixAnyCase() {
        #expect(person("kudlow") == "kudlow")
        #expect(person("Larry Kudlow") == "kudlow")
        #expect(person("XI") == "xi")
        #expect(person("light") == "lighthizer")
        #expect(person("wilbur") == "ross")
        #expect(person("nobody") == nil)
    }

    @Test func ambiguousPersonListsCandidates() {
        guard case .ambiguous(let candidates) = t.findPerson("l") else { Issue.record("not ambiguous"); return }
        #expect(Set(candidates.map { t.people[$0].id }).isSuperset(of: ["lighthizer", "liu-he"]))
    }

    @Test func personInvolvementInDateOrder() throws {
        guard case .found(let p) = t.findPerson("Trump") else { Issue.record("no Trump"); return }
        let ids = t.eventsOfPerson[p].map { t.events[$0].id }
        #expect(ids == ["g20-truce", "kudlow-huawei-purchases"])
    }

    @Test func measureHistoryInDateOrder() throws {
        let licences = try #require(t.measure("huawei-licences"))
        #expect(licences.changes.map(\.status) == [.promised, .eased, .eased])
        let entity = try #require(t.measure("huawei-entity-list"))
        #expect(entity.changes.map(\.event) == ["huawei-entity-list", "g20-truce"])
    }

    @Test func eventFilters() throws {
        guard case .found(let kudlow) = t.findPerson("kudlow"), case .found(let tariffs) = t.findMeasure("tariffs-25") else {
            Issue.record("lookup failed"); return
        }
        #expect(t.events(matching: EventFilter(person: kudlow)).map { t.events[$0].id } == ["kudlow-on-the-cards", "kudlow-huawei-purchases"])
        #expect(t.events(matching: EventFilter(measure: tariffs)).map { t.events[$0].id } == ["g20-truce"])
        let july = try TimelineDate.parse("2019-07").get()
        #expect(t.events(matching: EventFilter(from: july)).count == 7)
        let june = try TimelineDate.parse("2019-06-30").get()
        #expect(t.events(matching: EventFilter(to: june)).map { t.events[$0].id } == ["trade-war", "talks-stall", "huawei-entity-list", "g20-truce"])
    }

    @Test func sourceCitationsAreInTextOrder() {
        for citations in t.citationsOfSource {
            #expect(citations.map(\.quote.start) == citations.map(\.quote.start).sorted())
        }
    }

    @Test func searchIsSmartCase() {
        let lower = t.search(SearchQuery("huawei"))
        let upper = t.search(SearchQuery("Huawei"))
        let wrongCase = t.search(SearchQuery("HUAWEI"))
        #expect(!lower.isEmpty)
        #expect(lower.count == upper.count)
        #expect(wrongCase.isEmpty)
    }

    @Test func searchSaysWhichEventAndField() {
        let hits = t.search(SearchQuery("soybeans"))
        #expect(hits.map { t.events[$0.event].id } .allSatisfy { $0 == "kudlow-huawei-purchases" })
        #expect(hits.contains { $0.field == .quote(1) })
        let roles = t.search(SearchQuery("Commerce Minister"))
        #expect(roles.contains { t.events[$0.event].id == "first-contact-call" && $0.field.description == "role" })
        let measure = t.search(SearchQuery("postponed"))
        #expect(measure.contains { t.events[$0.event].id == "g20-truce" && $0.field.description == "measure" })
    }

    @Test func searchRangesPointAtTheMatch() {
        let q = SearchQuery("g20")
        let text = "Trump and Xi agree a truce at the G20"
        let ranges = q.ranges(in: text)
        #expect(ranges.map { String(text[$0]) } == ["G20"])
        #expect(SearchQuery("straße").ranges(in: "STRASSE Straße").map { String("STRASSE Straße"[$0]) } == ["Straße"])
    }

    @Test func searchIndexFindsExactlyTheEventsWithAMatchingField() {
        let index = SearchIndex(t)
        for text in ["huawei", "Huawei", "HUAWEI", "g20", "Kudlow", "“good-faith”", "soybeans and wheat", "2019", "zzz", "e", "Commerce Minister"] {
            let query = SearchQuery(text)
            let bruteForce = t.events.indices.filter { e in t.searchableFields(of: e).contains { query.matches($0.text) } }
            #expect(index.events(matching: query) == bruteForce, "\(text)")
        }
    }

    @Test func sortedLookupsUseBinarySearch() {
        let sorted = [2, 4, 4, 7, 9]
        #expect(sorted.lowerBound(of: 4) == 1)
        #expect(sorted.lowerBound(of: 10) == 5)
        #expect(sorted.first(after: 4) == 7)
        #expect(sorted.first(after: 9) == nil)
        #expect(sorted.last(before: 4) == 2)
        #expect(sorted.last(before: 2) == nil)
        #expect(sorted.sortedIndex(of: 7) == 3)
        #expect(sorted.sortedIndex(of: 5) == nil)
    }
}
