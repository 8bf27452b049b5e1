import TimelineModel

/// A small valid timeline, written as text so each test can break one thing in it.
enum Fixture {
    static let sourceText = "On Tuesday the minister said the tariff stays. The tariff stays, he said again.\nLast week talks began."

    static let timeline = """
    {
      "format": "tl-timeline/1",
      "title": "Test timeline",
      "sources": [
        { "id": "wire", "outlet": "Wire", "title": "Talks", "kind": "article",
          "published": { "date": "2019-07-10", "precision": "day" }, "file": "wire.txt" }
      ],
      "people": [
        { "id": "min", "name": "Ana Minister", "shortNames": ["Minister"], "country": "Utopia",
          "roles": [ { "title": "Minister", "quote": { "source": "wire", "text": "the minister said" } } ] },
        { "id": "amb", "name": "Ben Ambassador", "country": "Utopia",
          "roles": [ { "title": "Envoy", "quote": { "source": "wire", "text": "he said again" } } ] }
      ],
      "measures": [
        { "id": "tariff", "name": "The tariff", "kind": "tariff", "covers": { "rate": "10%" },
          "changes": [ { "event": "said", "status": "kept", "quote": { "source": "wire", "text": "the tariff stays" } } ] }
      ],
      "events": [
        { "id": "said", "date": "2019-07-09", "precision": "day",
          "derivedFrom": { "phrase": "Tuesday", "source": "wire" },
          "title": "Minister keeps the tariff", "summary": "The minister says the tariff stays.",
          "people": [ { "person": "min", "part": "announced it" } ],
          "quotes": [ { "source": "wire", "text": "On Tuesday the minister said the tariff stays." } ] },
        { "id": "began", "date": "2019-W27", "precision": "week",
          "derivedFrom": { "phrase": "Last week", "source": "wire" },
          "title": "Talks begin", "summary": "Talks began a week earlier.", "background": true,
          "people": [ { "person": "amb", "part": "led them" } ],
          "quotes": [ { "source": "wire", "text": "Last week talks began." } ] }
      ]
    }
    """

    static func files(_ json: String = timeline, source: String? = sourceText) -> TimelineFiles {
        var files = ["timeline.json": json]
        if let source { files["wire.txt"] = source }
        return .memory(files, label: "fixture")
    }

    /// `timeline` with `old` replaced by `new`; fails loudly if `old` is not there.
    static func replacing(_ old: String, with new: String) -> String {
        precondition(timeline.contains(old), "fixture has no \(old)")
        return timeline.replacingOccurrences(of: old, with: new)
    }

    static func load(_ json: String = timeline, source: String? = sourceText) -> Result<Timeline, TimelineLoadError> {
        TimelineLoader.load(files(json, source: source))
    }

    static func diagnostics(_ json: String, source: String? = sourceText) -> [Diagnostic] {
        switch load(json, source: source) {
        case .success: return []
        case .failure(let error): return error.diagnostics
        }
    }
}

extension String {
    func replacingOccurrences(of old: String, with new: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: old) {
            result += rest[..<range.lowerBound] + new
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
