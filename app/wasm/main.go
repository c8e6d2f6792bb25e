// Command wasm is the browser side of the Scorecast PWA, built with
//
//	GOOS=js GOARCH=wasm go build -ldflags="-s -w" -o web/app.wasm ./app/wasm
package main

import (
	goapp "github.com/maxence-charriere/go-app/v10/pkg/app"

	"scorecast/app"
)

func main() {
	app.Routes()
	goapp.RunWhenOnBrowser()
}
