//go:build e2e

package e2e

import (
	"testing"
	"time"
)

// TestSpanish runs the kiosk in Spanish (Ecuador) full screen: the login and the applicant
// form are in Spanish (TestScreenshots walks the whole wizard in Spanish for the README).
func TestSpanish(t *testing.T) {
	d := startX(t)
	env, probe := probeEnv(t.TempDir())
	app := d.startEnv(t, []string{env, "LANG=es_EC.UTF-8", "LANGUAGE=es"}, "enrolkiosk", "--demo", "--fullscreen", "--data-dir", t.TempDir())
	win := d.waitWindow(t, "Kiosco de Registro")
	w := &driver{screen: &screen{t: t, d: d, path: probe, origin: d.windowRect(t, win).Min}, app: app, art: artifactDir(t), win: win}
	w.waitText("Acceso del operador")
	w.shot("es-01-login")
	w.typeInto("Usuario o correo electrónico", "user@example.com")
	w.typeInto("Contraseña", "SecurePassword123!")
	w.clickText("Iniciar sesión")
	w.waitText("Paso 1 de 8")
	w.waitText("Datos del solicitante")
	w.typeInto("Nombres", "Ana Maria")
	w.typeInto("Primer apellido", "Perez")
	w.shot("es-02-applicant")
	if err := app.stop(t, 5*time.Second); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
}
