// The words tl uses for the timeline's things, each made in one place: the plain commands, the
// JSON output and the browser all take their labels from here, so that a source, a date, a
// quote's use or a person's other names read the same wherever they are shown.

/// Counting in words.
public enum Wording {
    /// "1 event", "2 events", "0 events"; `plural` for a noun that does not just take an s
    /// (`counted(9, "person", plural: "people")` is "9 people").
    public static func counted(_ count: Int, _ singular: String, plural: String? = nil) -> String {
        "\(grouped(count)) " + (count == 1 ? singular : plural ?? singular + "s")
    }

    /// Text in quotation marks, as plain output and messages show a quote: “text”. A text that
    /// itself begins or ends with a double quotation mark goes in single ones, as English nests
    /// quotations (‘“If this passes…” he said.’), so that no mark is doubled; one that begins
    /// or ends with both kinds goes in ‹ ›.
    public static func quoted(_ text: String) -> String {
        let ends = [text.unicodeScalars.first, text.unicodeScalars.last].compactMap { $0 }.map(Typography.class(of:))
        if !ends.contains(.doubleQuote) { return "“" + text + "”" }
        if !ends.contains(.singleQuote) { return "‘" + text + "’" }
        return "‹" + text + "›"
    }

    /// 1234567 → "1,234,567".
    public static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var result = number < 0 ? "-" : ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }
}

extension Source {
    /// The outlet, and the author in brackets where the source gives one:
    /// "Arirang News (Lee Seung-jae)".
    public var byline: String { outlet + (author.map { " (\($0))" } ?? "") }

    /// The byline and the publication date: "TTNews, Wed 10 Jul 2019",
    /// "Arirang News (Lee Seung-jae), w/c 8 Jul 2019 (date inferred)".
    public var label: String {
        "\(byline), \(published.date.compact)" + (published.stated ? "" : " (date inferred)")
    }
}

extension Publication {
    /// When the source came out, as it says or as the timeline infers it: "Wed 10 Jul 2019,
    /// 11:45 EDT", "week 28 of 2019 (8–14 Jul) (not stated; inferred)". The reason for an
    /// inferred date is `reason`.
    public var label: String {
        date.readable + (time.map { ", \($0)" } ?? "") + (timeZone.map { " \($0)" } ?? "") + (stated ? "" : " (not stated; inferred)")
    }
}

extension TimelineDate {
    /// The date, its ISO form and its precision: "Tue 9 Jul 2019 · 2019-07-09, day precision",
    /// "week 27 of 2019 (1–7 Jul) · 2019-W27, week precision".
    public var withPrecision: String { "\(readable) · \(iso), \(precision.rawValue) precision" }
}

extension Person {
    /// The other names the person is searched by, "also known as Kudlow"; nil when there are none.
    public var alsoKnownAs: String? {
        shortNames.isEmpty ? nil : "also known as " + shortNames.joined(separator: ", ")
    }
}

extension Coverage {
    /// What a measure's coverage can say, in the order it is shown.
    public enum Aspect: String, Sendable, CaseIterable {
        case amount, rate, products

        /// The aspect's name as shown: "Amount", "Rate", "Products". (`rawValue` is its key in
        /// the timeline format and in JSON.)
        public var label: String {
            switch self {
            case .amount: "Amount"
            case .rate: "Rate"
            case .products: "Products"
            }
        }
    }

    /// What the coverage says about one aspect.
    public subscript(aspect: Aspect) -> String? {
        get {
            switch aspect {
            case .amount: amount
            case .rate: rate
            case .products: products
            }
        }
        set {
            switch aspect {
            case .amount: amount = newValue
            case .rate: rate = newValue
            case .products: products = newValue
            }
        }
    }

    /// The aspects the data gives, with what it says about each, in order.
    public var stated: [(aspect: Aspect, value: String)] {
        Aspect.allCases.compactMap { aspect in self[aspect].map { (aspect, $0) } }
    }
}

extension QuoteUse {
    /// What kind of use this is, as JSON names it: "event", "date", "role", "measure" or "change".
    public var kind: String {
        switch self {
        case .event: "event"
        case .dateDerivation: "date"
        case .role: "role"
        case .measure: "measure"
        case .change: "change"
        }
    }
}

extension Timeline {
    /// The label of the source with this id (`Source.label`), or the id of a source the
    /// timeline does not have.
    public func sourceLabel(_ id: String) -> String { sourceWithoutText(id)?.label ?? id }

    /// When an event happened, one line each: the date with its precision (`Event.dateLine`:
    /// with its display date, time of day and end where it has them); for a date worked out from
    /// a relative phrase, where it came from, "from “Tuesday” in Arirang News, resolved against
    /// week 28 of 2019 (8–14 Jul)"; and the derivation's note, if it has one.
    public func dateLines(of event: Event) -> [String] {
        var lines = [event.dateLine]
        if let derivation = event.date.derivation {
            let outlet = sourceWithoutText(derivation.source)?.outlet ?? derivation.source
            lines.append("from \(Wording.quoted(derivation.phrase)) in \(outlet), resolved against \(derivation.anchor.readable)")
            if let note = derivation.note { lines.append(note) }
        }
        return lines
    }

    /// What a cited passage is used for: "event g20-truce", "date of event ross-huawei-licences",
    /// "role of Robert Lighthizer: U.S. Trade Representative", "measure huawei-licences",
    /// "measure huawei-licences eased in event ross-huawei-licences".
    public func label(of use: QuoteUse) -> String {
        switch use {
        case .event(let e): "event \(events[e].id)"
        case .dateDerivation(let e): "date of event \(events[e].id)"
        case .role(let p, let r): "role of \(people[p].name): \(people[p].roles[r].title)"
        case .measure(let m): "measure \(measures[m].id)"
        case .change(let m, let c):
            "measure \(measures[m].id) \(measures[m].changes[c].status.rawValue) in event \(measures[m].changes[c].event)"
        }
    }

    /// The heading of the events marked as background: "Background: before the G20 meeting"
    /// with the timeline's `backgroundLabel`, "Background" without one.
    public var backgroundHeading: String { "Background" + (backgroundLabel.map { ": \($0)" } ?? "") }
}
