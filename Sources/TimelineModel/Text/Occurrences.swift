// Where a text occurs verbatim in a source, and for a text that occurs more than once, the
// shortest `prefix` or `suffix` (the format's selectors: text that must stand right before or
// after the occurrence) that picks each occurrence.

/// A verbatim occurrence of a text in a source.
public struct Occurrence: Sendable, Hashable {
    /// Where it is.
    public var place: SourcePlace
    /// The shortest text right before it that no other occurrence has before it (ending a
    /// word when it starts in one); nil when the text occurs once, or when no prefix picks it.
    public var prefix: String?
    /// The shortest text right after it that no other occurrence has after it; nil likewise.
    public var suffix: String?
    /// Up to `PassageFinder.contextLength` characters of the source before it, on its own line.
    public var before: String
    /// As many after it.
    public var after: String

    /// The selector to use: nothing for an only occurrence, else the shorter of the prefix and
    /// the suffix (the prefix when they are as long), as a field name and its text.
    public var selector: (field: String, text: String)? {
        switch (prefix, suffix) {
        case (nil, nil): nil
        case (let p?, nil): ("prefix", p)
        case (nil, let s?): ("suffix", s)
        case (let p?, let s?): p.unicodeScalars.count <= s.unicodeScalars.count ? ("prefix", p) : ("suffix", s)
        }
    }
}

extension PassageFinder {
    /// Every verbatim occurrence of `text` in the source, overlapping ones too, in text order,
    /// each with the selectors that pick it when there are several.
    public func occurrences(of text: String) -> [Occurrence] {
        var needle = text
        let starts: [Int] = needle.withUTF8 { needle in
            utf8.withUnsafeBufferPointer { ByteSearch.all(needle, in: $0) }
        }
        guard !text.isEmpty, !starts.isEmpty else { return [] }
        // Byte offsets to scalar offsets, in one pass.
        var scalarStarts: [Int] = []
        var scalar = 0, byte = 0
        for start in starts {
            while byte < start {
                if utf8[byte] & 0xC0 != 0x80 { scalar += 1 }
                byte += 1
            }
            scalarStarts.append(scalar)
        }
        let length = text.unicodeScalars.count
        return scalarStarts.enumerated().map { i, start in
            let place = placed(SourcePlace(source: source, file: file, line: 0, column: 0, start: start, end: start + length))
            let several = scalarStarts.count > 1
            return Occurrence(place: place,
                              prefix: several ? selector(at: start, others: scalarStarts, i, direction: -1) : nil,
                              suffix: several ? selector(at: start + length, others: scalarStarts.map { $0 + length }, i, direction: 1) : nil,
                              before: context(from: start, direction: -1), after: context(from: start + length, direction: 1))
        }
    }

    /// The shortest text on one side of `edges[mine]` (before it for -1, after for 1) that
    /// stands at no other edge, grown to a word's boundary; nil when none does.
    private func selector(at edge: Int, others edges: [Int], _ mine: Int, direction: Int) -> String? {
        let scalars = folded.scalars
        func at(_ e: Int, _ n: Int) -> Unicode.Scalar? {
            let i = direction < 0 ? e - n : e + n - 1
            return i >= 0 && i < scalars.count ? scalars[i] : nil
        }
        var rivals = Set(edges.indices).subtracting([mine])
        var length = 0
        while !rivals.isEmpty {
            length += 1
            guard let mineScalar = at(edge, length) else { return nil }
            rivals = rivals.filter { at(edges[$0], length) == mineScalar }
        }
        // Not cut inside a word.
        while let outer = at(edge, length + 1), Typography.isWordCharacter(outer), Typography.isWordCharacter(at(edge, length)!) {
            length += 1
        }
        return folded.text(direction < 0 ? (edge - length)..<edge : edge..<(edge + length))
    }

    /// The most characters of context `context(around:)` gives on each side.
    public static let contextLength = 40

    /// Up to `contextLength` characters of the source before `place` and after it, each on the
    /// place's own line, for showing a passage in its context.
    public func context(around place: SourcePlace) -> (before: String, after: String) {
        (context(from: place.start, direction: -1), context(from: place.end, direction: 1))
    }

    /// Up to 40 characters on one side of `edge`, stopping at a line break.
    private func context(from edge: Int, direction: Int) -> String {
        let scalars = folded.scalars
        var n = 0
        while n < PassageFinder.contextLength {
            let i = direction < 0 ? edge - n - 1 : edge + n
            guard i >= 0, i < scalars.count, scalars[i] != "\n" else { break }
            n += 1
        }
        return folded.text(direction < 0 ? (edge - n)..<edge : edge..<(edge + n))
    }
}

extension Timeline {
    /// Source `s` prepared for finding passages in it: verbatim (`PassageFinder.occurrences(of:)`)
    /// or the closest (`PassageFinder.closest(to:limit:)`). `file` names its text file in the
    /// places found (by default, as the timeline names it).
    public func passageFinder(source s: Int, file: String? = nil) -> PassageFinder {
        PassageFinder(source: sources[s].id, file: file ?? sources[s].file, text: sources[s].text)
    }
}
