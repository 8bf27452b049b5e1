// Typography that does not change what a text says: straight or curly quotation marks and
// apostrophes, hyphens or dashes, one space or a line break, three dots or an ellipsis. A quote
// copied from a web page or typed by hand differs from its source in these more than in
// anything else, so the search for the passage closest to a quote is made on text with them
// folded away (`FoldedText`), and what differs is then told apart by these classes.

/// The typographic class of a character, for telling differences of typography from changes of wording.
enum Typography {
    enum Class: Equatable {
        case doubleQuote, singleQuote, dash, whitespace, ellipsis
        /// Invisible characters (soft hyphen, zero-width space and joiners, byte-order mark), folded to nothing.
        case invisible
        case other
    }

    static func `class`(of scalar: Unicode.Scalar) -> Class {
        switch scalar.value {
        case 0x22, 0xAB, 0xBB, 0x201C...0x201F, 0x2033, 0x301D, 0x301E, 0xFF02: .doubleQuote
        case 0x27, 0x60, 0xB4, 0x2018...0x201B, 0x2032, 0x2039, 0x203A, 0xFF07: .singleQuote
        case 0x2D, 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: .dash
        case 0x2026: .ellipsis
        case 0xAD, 0x200B...0x200D, 0x2060, 0xFEFF: .invisible
        case 0x20, 0x09...0x0D: .whitespace
        case 0..<0x80: .other
        default: scalar.properties.isWhitespace ? .whitespace : .other
        }
    }

    /// Whether a character is part of a word: a letter, a mark or a digit.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (0x30...0x39).contains(v) || (0x41...0x5A).contains(v) || (0x61...0x7A).contains(v)
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }
}

/// A text mapped to its typography-folded form, with the way back: every quotation mark as
/// `"`, every apostrophe and single quotation mark as `'`, every dash as `-`, an ellipsis
/// character as `...`, every run of whitespace (line breaks too) as one space, invisible
/// characters dropped, and letters in lower case. `origin[b]` is the index (in Unicode scalars)
/// of the character of the original text that folded byte `b` comes from.
struct FoldedText: Sendable {
    /// The original text's scalars.
    let scalars: [Unicode.Scalar]
    /// The folded text, as UTF-8.
    private(set) var bytes: [UInt8] = []
    /// For each folded byte, the scalar of the original it comes from.
    private(set) var origin: [Int32] = []

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        bytes.reserveCapacity(scalars.count)
        origin.reserveCapacity(scalars.count)
        for (i, scalar) in scalars.enumerated() {
            let from = Int32(i)
            switch Typography.class(of: scalar) {
            case .doubleQuote: append(UInt8(ascii: "\""), from)
            case .singleQuote: append(UInt8(ascii: "'"), from)
            case .dash: append(UInt8(ascii: "-"), from)
            case .ellipsis: for _ in 0..<3 { append(UInt8(ascii: "."), from) }
            case .invisible: continue
            case .whitespace: if bytes.last != UInt8(ascii: " ") { append(UInt8(ascii: " "), from) }
            case .other:
                if scalar.isASCII {
                    let v = UInt8(scalar.value)
                    append((0x41...0x5A).contains(v) ? v | 0x20 : v, from)
                } else {
                    let lower = scalar.properties.lowercaseMapping.unicodeScalars
                    let folded = lower.count == 1 ? lower.first! : scalar
                    for byte in UTF8.encode(folded)! { append(byte, from) }
                }
            }
        }
    }

    private mutating func append(_ byte: UInt8, _ from: Int32) {
        bytes.append(byte)
        origin.append(from)
    }

    /// The scalars of the original text that folded bytes `range` come from; for an empty
    /// range, the empty range where the next folded byte's character starts.
    func originalRange(_ range: Range<Int>) -> Range<Int> {
        guard !range.isEmpty else {
            let at = range.lowerBound < origin.count ? Int(origin[range.lowerBound]) : scalars.count
            return at..<at
        }
        let start = Int(origin[range.lowerBound])
        let last = origin[range.upperBound - 1]
        var next = range.upperBound
        while next < origin.count, origin[next] == last { next += 1 }
        // A run of whitespace folded to one space, or invisible characters dropped, reach to
        // the next character kept.
        let end = next < origin.count ? Int(origin[next]) : scalars.count
        return start..<end
    }

    /// The original text of `range` (in scalars).
    func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }
}
