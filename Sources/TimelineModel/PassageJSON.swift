// The JSON of problems and passages (docs/json.md): `tl check`'s problems and warnings, and
// `tl cite`'s occurrences and closest passages.

extension SourcePlace {
    /// `{ source, file, line, column, start, end }`.
    public var json: JSONOut {
        .object([("source", .string(source)), ("file", .string(file)), ("line", .int(line)), ("column", .int(column)),
                 ("start", .int(start)), ("end", .int(end))])
    }
}

extension PassageDifference {
    /// `{ kind, typographic, quote, source, quoteStart, quoteEnd, sourceStart, sourceEnd }`.
    public var json: JSONOut {
        .object([("kind", .string(kind.rawValue)), ("typographic", .bool(isTypographic)),
                 ("quote", .string(quoteText)), ("source", .string(sourceText)),
                 ("quoteStart", .int(quoteRange.lowerBound)), ("quoteEnd", .int(quoteRange.upperBound)),
                 ("sourceStart", .int(sourceRange.lowerBound)), ("sourceEnd", .int(sourceRange.upperBound))])
    }
}

extension ClosestPassage {
    /// `{ place, text, distance, typographyOnly, differences }`.
    public var json: JSONOut {
        .object([("place", place.json), ("text", .string(text)), ("distance", .int(distance)),
                 ("typographyOnly", .bool(typographyOnly)), ("differences", .array(differences.map(\.json)))])
    }
}

extension Diagnostic {
    /// `{ severity, file, line, column, path, message, closest, occurrences }`: `closest` is
    /// the passage closest to a quote that is not verbatim (or null), `occurrences` where a
    /// quote found more than once, or never in its context, is.
    public var json: JSONOut {
        .object([("severity", .string(severity.rawValue)), ("file", .string(file)),
                 ("line", line.map(JSONOut.int) ?? .null), ("column", column.map(JSONOut.int) ?? .null),
                 ("path", .optional(path)), ("message", .string(message)),
                 ("closest", closestPassage?.json ?? .null), ("occurrences", .array(occurrences.map(\.json)))])
    }
}
