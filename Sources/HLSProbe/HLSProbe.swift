// The readiness probe is the product; its three building blocks are useful on their own
// (the CLI prints playlists and media info), so importing HLSProbe brings them along.
@_exported import CurlHTTP
@_exported import HLSPlaylist
@_exported import MediaInspector
