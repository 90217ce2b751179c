// Package filechooser is the kiosk's own dialog for choosing a file to import (an ID
// document scan, a selfie, a video). Fyne's file dialog names its places in English
// whatever the language ("Home", "Computer") and translates the rest in its own words
// ("Abrir Archivo", "(Padre)"); this one is built on Fyne widgets with every word from
// the kiosk's translations: a row of places, the folder shown, "Up one folder", a list
// of its folders and of the files with the offered extensions, Cancel and the confirm
// button. Folders are listed off the UI goroutine, so a slow drive does not freeze it.
//
// Every function and method runs on the Fyne UI goroutine.
package filechooser
