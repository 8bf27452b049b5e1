import Foundation
import TimelineModel

/// A small valid timeline, written as text so each test can break one thing in it.
/// Shared by the model's tests (in memory) and the command-line tests (on disk).
public enum SampleTimeline {
    public static let source = "On Tuesday the minister said the tariff stays. The tariff stays, he said again.\nLast week talks began."

    public static let json = """
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

    /// `json` with `old` replaced by `new`; stops the test run if `old` is not there, since a
    /// replacement that silently does nothing would make its test prove nothing.
    public static func replacing(_ old: String, with new: String, in text: String = json) -> String {
        precondition(text.contains(old), "the sample timeline has no \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }

    public static func files(_ json: String = json, source: String? = source) -> TimelineFiles {
        var files = ["timeline.json": json]
        if let source { files["wire.txt"] = source }
        return .memory(files, label: "fixture")
    }
}

/// Text built to take over a terminal: every kind of control, escape sequence, bidi trick and
/// hard-to-measure character a dataset could carry.
public enum HostileText {
    public static let samples: [String] = [
        "\u{1B}]0;PWNED-TITLE\u{7}",                      // OSC 0: set the window title
        "\u{1B}]52;c;cHduZWQ=\u{7}",                      // OSC 52: write the clipboard
        "\u{1B}]8;;http://evil.example/\u{1B}\\link\u{1B}]8;;\u{1B}\\",  // OSC 8 hyperlink
        "\u{1B}[31mred\u{1B}[0m\u{1B}[2J\u{1B}[H",        // colours, clear screen, home
        "\u{9B}31m\u{85}\u{90}q",                        // C1 CSI, NEL, DCS
        "cr\rover\u{8}\u{8}bs\ttab\u{0}nul\u{7F}",        // carriage return, backspace, tab, NUL, DEL
        "\u{202E}evil\u{202C} \u{2066}iso\u{2069} \u{200F}rlm \u{061C}alm",  // bidi overrides, isolates, marks
        "a\u{200D}b \u{200B}zw e\u{301}\u{302}\u{303} Z\u{0335}\u{0336}",     // ZWJ, zero width, stacked marks
        "👍🏽 👨‍👩‍👧 🇰🇷 ❤️ 1️⃣",                                   // modifiers, ZWJ family, flag, VS16, keycap
        "習近平 한국어 ｆｕｌｌ",                                    // CJK, Hangul, fullwidth
    ]

    /// All samples in one string.
    public static let all = samples.joined(separator: " | ")

    /// The sample timeline with hostile text in every text field, quotes included (the
    /// hostile text is in the source too, so the quotes stay verbatim).
    public static func timeline() -> (json: String, source: String) {
        let escaped = jsonEscaped(all)
        var json = SampleTimeline.json
        for field in ["\"Test timeline\"", "\"Wire\"", "\"Talks\"", "\"Ana Minister\"", "\"Utopia\"", "\"Minister\"",
                      "\"The tariff\"", "\"10%\"", "\"Minister keeps the tariff\"", "\"The minister says the tariff stays.\"",
                      "\"announced it\"", "\"Talks begin\"", "\"Talks began a week earlier.\"", "\"led them\"", "\"Envoy\""] {
            json = SampleTimeline.replacing(field, with: "\"" + field.dropFirst().dropLast() + " " + escaped + "\"", in: json)
        }
        json = SampleTimeline.replacing("\"format\": \"tl-timeline/1\",", with: "\"format\": \"tl-timeline/1\", \"backgroundLabel\": \"before \(escaped)\",", in: json)
        json = SampleTimeline.replacing("\"kind\": \"article\",", with: "\"kind\": \"article\", \"author\": \"\(escaped)\",", in: json)
        json = SampleTimeline.replacing("\"status\": \"kept\",", with: "\"status\": \"kept\", \"note\": \"\(escaped)\",", in: json)
        json = SampleTimeline.replacing("\"text\": \"Last week talks began.\" }", with: "\"text\": \"Last week talks began. \(escaped)\" }", in: json)
        return (json, SampleTimeline.source + " " + all)
    }

    /// JSON string content for `text`, escaping what JSON requires.
    public static func jsonEscaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
