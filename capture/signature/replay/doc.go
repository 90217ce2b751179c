// Package replay reads recorded signatures, SVC2004 text files and this project's own
// stroke files, and plays them back at their recorded pace as a pen source.
package replay
