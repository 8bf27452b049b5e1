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
            case .problems: break
            }
            var exact = TimelineDecoder(ExactPass(), files: files, fileName: mainName, file: file, bytes: bytes,
                                        progress: nil, preview: nil)
            switch exact.decode() {
            case .loaded(let timeline): return .success(timeline)
            case .broken(let error): return .failure(error)
            case .problems:
                let (errors, warnings) = exact.diagnostics()
                var error = TimelineLoadError(diagnostics: errors, warnings: warnings)
                error.partial = exact.salvage()
                return .failure(error)
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
