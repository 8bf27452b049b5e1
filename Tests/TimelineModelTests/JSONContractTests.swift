import Foundation
import Testing
import TimelineModel

@Suite("The JSON contract")
struct JSONContractTests {
    let t = try! TimelineLoader.load(.bundled).get()

    func object(_ out: JSONOut) throws -> [String: Any] {
        let data = Data(out.rendered().utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func eventObjectHasTheDocumentedFields() throws {
        let e = try #require(t.eventIndex["g20-truce"])
        let event = try object(t.json(event: e))
        for key in ["id", "date", "precision", "title", "summary", "background", "people", "measures", "quotes"] {
            #expect(event[key] != nil, "missing \(key)")
        }
        #expect(event["date"] as? String == "2019-06-29")
        let people = try #require(event["people"] as? [[String: Any]])
        #expect(people.first?["id"] as? String == "trump")
        #expect(people.first?["name"] as? String == "Donald Trump")
        #expect(people.first?["role"] as? String == "President")
        #expect(people.first?["part"] is String)
        let measures = try #require(event["measures"] as? [[String: Any]])
        #expect(Set(measures.compactMap { $0["change"] as? String }) == ["postponed", "kept", "promised"])
        let quotes = try #require(event["quotes"] as? [[String: Any]])
        for quote in quotes {
            #expect(quote["source"] is String && quote["text"] is String && quote["start"] is Int && quote["end"] is Int)
        }
    }

    @Test func datesAreISO8601ByPrecision() throws {
        let week = try object(t.json(event: t.eventIndex["kudlow-on-the-cards"]!))
        #expect(week["date"] as? String == "2019-W27")
        #expect(week["precision"] as? String == "week")
        let month = try object(t.json(event: t.eventIndex["huawei-entity-list"]!))
        #expect(month["date"] as? String == "2019-05")
        #expect(month["background"] as? Bool == true)
        let derived = try #require(month["derivedFrom"] as? [String: Any])
        #expect(derived["phrase"] as? String == "In May")
        #expect(derived["anchor"] as? String == "2019-W28")
    }

    @Test func personObjectCarriesEvents() throws {
        let person = try object(t.json(person: t.personIndex["kudlow"]!, withEvents: true))
        let events = try #require(person["events"] as? [[String: Any]])
        #expect(events.map { $0["id"] as? String } == ["kudlow-on-the-cards", "kudlow-huawei-purchases"])
    }

    @Test func unsafeTextIsEscapedButLossless() throws {
        let nasty = "a\u{1B}[31mred\u{7}\u{9B}x\u{202E}y\"\\"
        let rendered = JSONOut.object([("t", .string(nasty))]).rendered()
        #expect(!rendered.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x9B || $0.value == 0x202E || $0.value == 0x7 })
        #expect(rendered.contains("\\u001b"))
        let back = try JSONSerialization.jsonObject(with: Data(rendered.utf8)) as? [String: String]
        #expect(back?["t"] == nasty)
    }
}
