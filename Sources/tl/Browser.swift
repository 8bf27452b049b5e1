import TimelineModel

enum Browser {
    static func run(dataPath: String?, event: String?, person: String?, mouse: Bool) throws {
        writeError("tl: the browser is not built yet; use `tl events`")
        throw Status.usage
    }
}
