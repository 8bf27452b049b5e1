/// Loads timelines: the one entry point for reading and validating a timeline file.
///
/// A load reads the file with `TimelineDecoder` in two passes, told apart by their
/// `DecodeStrategy`: the `QuickPass` reads the file once for structure while the source texts are
/// read on another thread, then finds every quote in them; only a file with a problem is read
/// again by the `ExactPass`, which reports every problem in file order with its line, column and
/// JSON path.
public enum TimelineLoader {
    /// The value of the `format` field this version reads.
    public static let formatName = "tl-timeline/1"

    /// Reads and validates a timeline. `progress` is called now and then from the loading
    /// thread; `preview`, when given, gets timelines of the events read so far (not yet checked
    /// against their sources, measures not yet read), the first of them after a few thousand
    /// events, so that a browser can show something long before a large file is read.
    /// The file may be a tl timeline, a TimelineJS file or a TimelineJS spreadsheet: `format`
    /// says which, or by default its content (`TimelineFormat.detect`).
    public static func load(_ files: TimelineFiles, format: TimelineFormat? = nil, progress: (@Sendable (LoadProgress) -> Void)? = nil,
                            preview: (@Sendable (Timeline) -> Void)? = nil) -> Result<Timeline, TimelineLoadError> {
        let mainName = files.displayPath(files.mainFile)
        let file: FileBytes
        switch readMainFile(files) {
        case .success(let bytes): file = bytes
        case .failure(let error): return .failure(error)
        }
        return file.withUnsafeBufferPointer { bytes in
            // Formats/: TimelineJS files and spreadsheets, named in messages by their file's name.
            let fallbackTitle = String(files.mainFile.split(separator: "/").last?.split(separator: ".").first ?? "timeline")
            switch format ?? TimelineFormat.detect(bytes) {
            case .timelinejs: return TimelineJSJSONReader.load(bytes, fileName: mainName, fallbackTitle: fallbackTitle)
            case .csv: return TimelineJSSpreadsheet.load(bytes, fileName: mainName, fallbackTitle: fallbackTitle)
            case .tl: break
            }
            var quick = TimelineDecoder(QuickPass(), files: files, fileName: mainName, file: file, bytes: bytes,
                                        progress: progress, preview: preview)
            switch quick.decode() {
            case .loaded(let timeline): return .success(timeline)
            case .broken(let error): return .failure(error)
            case .problems, .sinkFailed: break
            }
            var exact = TimelineDecoder(ExactPass(), files: files, fileName: mainName, file: file, bytes: bytes,
                                        progress: nil, preview: nil)
            switch exact.decode() {
            case .loaded(let timeline): return .success(timeline)
            case .broken(let error): return .failure(error)
            case .problems, .sinkFailed:
                let (errors, warnings) = exact.diagnostics()
                var error = TimelineLoadError(diagnostics: errors, warnings: warnings)
                error.partial = exact.salvage()
                return .failure(error)
            }
        }
    }

    /// Reads and checks a timeline as `load` does, with the same problems, but hands its
    /// sources, measure changes and events to `sink` as they are read instead of keeping them,
    /// and reads no source text, so that its memory does not grow with the number of events or
    /// sources. Returns the rest of the timeline (`Timeline.withoutStreamedParts`), or its
    /// problems: on a problem the file is read again by the exact pass, which reports them and
    /// keeps no events either. What needs every event, every source or every source's text is
    /// left for the sink to check: that event and source ids are unique, that each change names
    /// an event, and that each quote's source exists and holds it (`problems(in:)` reports what
    /// it finds). What `sink` throws ends the load and is
    /// thrown on.
    /// TimelineJS files and spreadsheets are loaded whole and handed on at once.
    public static func stream(_ files: TimelineFiles, format: TimelineFormat? = nil, into sink: any TimelineSink,
                              progress: (@Sendable (LoadProgress) -> Void)? = nil) throws -> Result<Timeline, TimelineLoadError> {
        let mainName = files.displayPath(files.mainFile)
        let file: FileBytes
        switch readMainFile(files) {
        case .success(let bytes): file = bytes
        case .failure(let error): return .failure(error)
        }
        let kind = file.withUnsafeBufferPointer { format ?? TimelineFormat.detect($0) }
        guard kind == .tl else {
            let timeline: Timeline
            switch load(files, format: kind, progress: progress) {
            case .success(let loaded): timeline = loaded
            case .failure(let error): return .failure(error)
            }
            try sink.add(Array(timeline.sources))
            for m in timeline.measures.indices { try sink.addChanges(of: timeline.measures[m], at: m) }
            let rest = timeline.withoutStreamedParts()
            try sink.begin(rest)
            try sink.add(Array(timeline.events))
            return .success(rest)
        }
        let outcome = file.withUnsafeBufferPointer { bytes in
            var quick = TimelineDecoder(StreamPass(), files: files, fileName: mainName, file: file, bytes: bytes, progress: progress, preview: nil)
            quick.sink = sink
            quick.keepsEvents = false
            return quick.decode()
        }
        switch outcome {
        case .loaded(let rest): return .success(rest)
        case .broken(let error): return .failure(error)
        case .sinkFailed(let error): throw error
        case .problems: return .failure(problems(in: files))
        }
    }

    /// Every problem in a timeline file that a streamed load found wrong, as `load` reports
    /// them, read by the exact pass without keeping its events.
    public static func problems(in files: TimelineFiles) -> TimelineLoadError {
        let mainName = files.displayPath(files.mainFile)
        let file: FileBytes
        switch readMainFile(files) {
        case .success(let bytes): file = bytes
        case .failure(let error): return error
        }
        return file.withUnsafeBufferPointer { bytes in
            var exact = TimelineDecoder(ExactPass(), files: files, fileName: mainName, file: file, bytes: bytes, progress: nil, preview: nil)
            exact.keepsEvents = false
            switch exact.decode() {
            case .broken(let error): return error
            case .problems:
                let (errors, warnings) = exact.diagnostics()
                return TimelineLoadError(diagnostics: errors, warnings: warnings)
            case .loaded, .sinkFailed:
                return TimelineLoadError(diagnostics: [Diagnostic(file: mainName, message: "the timeline changed while it was read; run the command again")])
            }
        }
    }

    /// The timeline file's bytes, or why it cannot be read, as a load's error.
    static func readMainFile(_ files: TimelineFiles) -> Result<FileBytes, TimelineLoadError> {
        files.read(files.mainFile).mapError { problem in
            TimelineLoadError(diagnostics: [Diagnostic(file: files.displayPath(files.mainFile), message: problem.message)])
        }
    }

    /// Loads the timeline at `path`: a timeline file, or a folder holding `timeline.json`.
    public static func load(path: String) -> Result<Timeline, TimelineLoadError> { load(.disk(path)) }
}

/// Where a streamed load (`TimelineLoader.stream`) hands a timeline on, part by part. No quote
/// handed on is placed in its source (`Quote.start` and `end` are not set).
public protocol TimelineSink: AnyObject {
    /// The next sources in file order, without their texts; all of them come before any
    /// measure or event. Their ids are not checked: the sink checks that they are unique and
    /// that each quote's source is among them.
    func add(_ sources: [Source]) throws
    /// The publication date of the source handed on with `id` (nil when it has none or there
    /// is no such source).
    func publication(ofSource id: String) throws -> TimelineDate?
    /// The changes of `measure`, the measure at `position` in the file; called for each
    /// measure in file order, before `begin`.
    func addChanges(of measure: Measure, at position: Int) throws
    /// Called once, before the first events: the timeline's people and measures (without their
    /// changes), and no sources or events. Its other top-level fields may not be read yet; the
    /// load returns them once it is done.
    func begin(_ rest: Timeline) throws
    /// The next events in file order.
    func add(_ events: [Event]) throws
}
