// Reading a TimelineJS JSON file with the loader's own pull reader (`JSONReader`), so that a
// problem has the same line, column and JSON path as one in a `tl` timeline. The reader is as
// loose as TimelineJS: a date's parts may be numbers or strings, empty or null; fields tl does
// not use (background, autolink, a date's format…) are stepped over without a word.

/// A TimelineJS JSON file's slides, as written.
struct TimelineJSJSONReader {
    var reader: JSONReader
    var problems: [PlacedProblem] = []

    init(bytes: UnsafeBufferPointer<UInt8>) { reader = JSONReader(bytes: bytes) }

    mutating func report(_ offset: Int, _ message: String) {
        problems.append(PlacedProblem(place: .offset(offset), message: message))
    }

    /// The slides; nil when the file is not a TimelineJS file at all (`problems` says why).
    mutating func read(fallbackTitle: String) throws -> WrittenTimeline? {
        try reader.start()
        let kind = try reader.peekKind()
        guard kind == .object else {
            report(reader.position, "not a TimelineJS file: expected an object with an \"events\" list, found \(kind.name)")
            return nil
        }
        var written = WrittenTimeline(fallbackTitle: fallbackTitle)
        var hasEvents = false
        try reader.enterObject()
        var first = true
        while let (key, offset) = try reader.nextKey(first: first) {
            first = false
            switch key {
            case "events":
                hasEvents = true
                try elements { r in if let slide = try r.slide(.event) { written.slides.append(slide) } }
            case "title":
                if let slide = try slide(.title) { written.slides.insert(slide, at: 0) }
            case "eras":
                try elements { r in if let slide = try r.slide(.era) { written.slides.append(slide) } }
            case "scale":
                guard let value = try scalar() else { continue }
                if let scale = TimelineScale(rawValue: value.text.trimmingSpaces.lowercased()) {
                    written.scale = scale
                } else {
                    report(offset, "scale \"\(TerminalText.sanitize(value.text))\" is not \"human\" or \"cosmological\"")
                }
            case "format":
                report(offset, "this is a tl timeline (it has a \"format\" field), not a TimelineJS file; leave out --format, or use --format tl")
                try reader.skipValue()
            default:
                try reader.skipValue()
            }
        }
        try reader.finish()
        if !hasEvents { report(0, "not a TimelineJS file: it has no \"events\" list") }
        return written
    }

    /// Reads each element of the array at the reader; anything else is reported and stepped over.
    mutating func elements(_ body: (inout TimelineJSJSONReader) throws -> Void) throws {
        let kind = try reader.peekKind()
        guard kind == .array else {
            report(reader.position, "expected a list of slides, found \(kind.name)")
            try reader.skipValue()
            return
        }
        try reader.enterArray()
        var first = true
        while try reader.nextElement(first: first) {
            first = false
            try body(&self)
        }
    }

    /// The fields of the object at the reader, each handed to `field` with the reader at its
    /// value (which it must read or skip); nil and reported when it is no object.
    mutating func object(_ what: String, _ field: (inout TimelineJSJSONReader, String) throws -> Void) throws -> Int? {
        let offset = reader.position
        let kind = try reader.peekKind()
        guard kind == .object else {
            report(offset, "expected \(what), found \(kind.name)")
            try reader.skipValue()
            return nil
        }
        try reader.enterObject()
        var first = true
        while let (key, _) = try reader.nextKey(first: first) {
            first = false
            try field(&self, key)
        }
        return offset
    }

    /// A string or a number, as written; nil for null. Anything else is reported.
    mutating func scalar() throws -> WrittenValue? {
        let offset = reader.position
        switch try reader.peekKind() {
        case .string: return WrittenValue(text: try reader.readString(), place: .offset(offset))
        case .number: return WrittenValue(text: try reader.readNumberText(), place: .offset(offset))
        case .null: try reader.readNull(); return nil
        case let kind:
            report(offset, "expected a string or a number, found \(kind.name)")
            try reader.skipValue()
            return nil
        }
    }

    mutating func slide(_ kind: WrittenSlide.Kind) throws -> WrittenSlide? {
        var slide = WrittenSlide(kind, at: .offset(reader.position))
        let found = try object("a slide (an object)") { r, key in
            switch key {
            case "start_date": slide.start = try r.date()
            case "end_date": slide.end = try r.date()
            case "text":
                _ = try r.object("a text object with \"headline\" and \"text\"") { r, key in
                    switch key {
                    case "headline": slide.headline = try r.scalar()
                    case "text": slide.text = try r.scalar()
                    default: try r.reader.skipValue()
                    }
                }
            case "media":
                var media = WrittenMedia(place: .offset(r.reader.position))
                if try r.object("a media object with a \"url\"", { r, key in
                    switch key {
                    case "url": media.url = try r.scalar()
                    case "caption": media.caption = try r.scalar()
                    case "credit": media.credit = try r.scalar()
                    case "thumbnail": media.thumbnail = try r.scalar()
                    default: try r.reader.skipValue()
                    }
                }) != nil { slide.media = media }
            case "group": slide.group = try r.scalar()
            case "display_date": slide.displayDate = try r.scalar()
            case "unique_id": slide.uniqueID = try r.scalar()
            default: try r.reader.skipValue()  // background, autolink, type…: nothing tl shows
            }
        }
        return found == nil ? nil : slide
    }

    mutating func date() throws -> WrittenDate? {
        var date = WrittenDate(place: .offset(reader.position))
        let found = try object("a date object such as {\"year\": 1978, \"month\": 8}") { r, key in
            switch key {
            case "year": date.year = try r.scalar()
            case "month": date.month = try r.scalar()
            case "day": date.day = try r.scalar()
            case "hour": date.hour = try r.scalar()
            case "minute": date.minute = try r.scalar()
            case "second": date.second = try r.scalar()
            case "display_date": date.displayDate = try r.scalar()
            default: try r.reader.skipValue()  // millisecond, format
            }
        }
        return found == nil ? nil : date
    }
}

extension TimelineJSJSONReader {
    /// Reads and checks a TimelineJS JSON file (`bytes`, a byte-order mark allowed) called `fileName`.
    static func load(_ bytes: UnsafeBufferPointer<UInt8>, fileName: String, fallbackTitle: String) -> Result<Timeline, TimelineLoadError> {
        // A byte-order mark is stepped over, not counted: editors do not show it.
        let body = hasByteOrderMark(bytes) ? UnsafeBufferPointer(rebasing: bytes[3...]) : bytes
        var reader = TimelineJSJSONReader(bytes: body)
        let written: WrittenTimeline?
        do {
            written = try reader.read(fallbackTitle: fallbackTitle)
        } catch let error as JSONSyntaxError {
            let place = JSONLocator.places(of: [error.offset], in: body, paths: false)[error.offset]!
            return .failure(TimelineLoadError(diagnostics: [Diagnostic(file: fileName, line: place.line, column: place.column, message: error.message)]))
        } catch {
            return .failure(TimelineLoadError(diagnostics: [Diagnostic(file: fileName, message: "\(error)")]))
        }
        var problems = reader.problems
        var timeline: Timeline?
        if let written, problems.isEmpty {
            var builder = SlideBuilder(scale: written.scale, spreadsheet: false)
            timeline = builder.build(written)
            problems += builder.problems
        }
        if var timeline, problems.isEmpty {
            timeline.format = .timelinejs
            return .success(timeline)
        }
        let located = problems.map { problem -> Problem in
            guard case .offset(let offset) = problem.place else { return Problem(offset: 0, message: problem.message) }
            return Problem(offset: offset, message: problem.message)
        }
        return .failure(TimelineLoadError(diagnostics: Problem.diagnostics(located, in: body, file: fileName)))
    }
}

/// Whether the bytes start with UTF-8's byte-order mark.
func hasByteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
}
