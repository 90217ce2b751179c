package store

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/go-tpm/tpm2"
	"github.com/google/go-tpm/tpm2/transport"
)

// ErrTPMRequired means the device key is sealed to a TPM and no TPM was given, or the
// TPM given cannot unseal it (another machine's, or a cleared one).
var ErrTPMRequired = errors.New("the device key is sealed to this machine's TPM")

// srk is the parent the device key is sealed under: the TCG reference ECC P-256 storage
// key of the owner hierarchy, which the TPM re-creates identically from its seed.
func srk(t transport.TPM) (tpm2.AuthHandle, func(), error) {
	p, err := tpm2.CreatePrimary{PrimaryHandle: tpm2.TPMRHOwner, InPublic: tpm2.New2B(tpm2.ECCSRKTemplate)}.Execute(t)
	if err != nil {
		return tpm2.AuthHandle{}, nil, fmt.Errorf("TPM storage key: %w", err)
	}
	flush := func() { _, _ = tpm2.FlushContext{FlushHandle: p.ObjectHandle}.Execute(t) }
	return tpm2.AuthHandle{Handle: p.ObjectHandle, Name: p.Name, Auth: tpm2.PasswordAuth(nil)}, flush, nil
}

// tpmSeal seals key to the TPM: only this TPM can unseal the returned blobs.
func tpmSeal(open func() (transport.TPMCloser, error), key []byte) (pub, priv []byte, err error) {
	t, err := open()
	if err != nil {
		return nil, nil, fmt.Errorf("open the TPM: %w", err)
	}
	defer t.Close()
	parent, flush, err := srk(t)
	if err != nil {
		return nil, nil, err
	}
	defer flush()
	cr, err := tpm2.Create{ParentHandle: parent,
		InSensitive: tpm2.TPM2BSensitiveCreate{Sensitive: &tpm2.TPMSSensitiveCreate{
			Data: tpm2.NewTPMUSensitiveCreate(&tpm2.TPM2BSensitiveData{Buffer: key})}},
		InPublic: tpm2.New2B(tpm2.TPMTPublic{Type: tpm2.TPMAlgKeyedHash, NameAlg: tpm2.TPMAlgSHA256,
			ObjectAttributes: tpm2.TPMAObject{FixedTPM: true, FixedParent: true, UserWithAuth: true, NoDA: true},
			Parameters: tpm2.NewTPMUPublicParms(tpm2.TPMAlgKeyedHash,
				&tpm2.TPMSKeyedHashParms{Scheme: tpm2.TPMTKeyedHashScheme{Scheme: tpm2.TPMAlgNull}})}),
	}.Execute(t)
	if err != nil {
		return nil, nil, fmt.Errorf("seal the device key to the TPM: %w", err)
	}
	return tpm2.Marshal(cr.OutPublic), tpm2.Marshal(cr.OutPrivate), nil
}

// encodeTPMKeyFile returns the key file content for key sealed to the TPM.
func encodeTPMKeyFile(key []byte, open func() (transport.TPMCloser, error)) ([]byte, error) {
	if open == nil {
		return nil, fmt.Errorf("%w: store.key_protection is tpm and there is no TPM at %s", ErrTPMRequired, DefaultTPMPath)
	}
	pub, priv, err := tpmSeal(open, key)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(keyFile{Version: 1, KDF: "tpm",
		TPMPublic: base64.StdEncoding.EncodeToString(pub), TPMPrivate: base64.StdEncoding.EncodeToString(priv)}, "", "  ")
}

// tpmUnseal returns the key sealed by tpmSeal.
func tpmUnseal(open func() (transport.TPMCloser, error), pub, priv []byte) ([]byte, error) {
	if open == nil {
		return nil, fmt.Errorf("%w: no TPM is available to this process (store.key_protection, %s)", ErrTPMRequired, DefaultTPMPath)
	}
	inPub, err := tpm2.Unmarshal[tpm2.TPM2BPublic](pub)
	if err != nil {
		return nil, fmt.Errorf("%w: TPM public blob: %v", ErrBadKeyFile, err)
	}
	inPriv, err := tpm2.Unmarshal[tpm2.TPM2BPrivate](priv)
	if err != nil {
		return nil, fmt.Errorf("%w: TPM private blob: %v", ErrBadKeyFile, err)
	}
	t, err := open()
	if err != nil {
		return nil, fmt.Errorf("%w: open the TPM: %v", ErrTPMRequired, err)
	}
	defer t.Close()
	parent, flush, err := srk(t)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrTPMRequired, err)
	}
	defer flush()
	ld, err := tpm2.Load{ParentHandle: parent, InPrivate: *inPriv, InPublic: *inPub}.Execute(t)
	if err != nil {
		return nil, fmt.Errorf("%w: this TPM cannot load it (another machine's TPM, or a cleared one): %v", ErrTPMRequired, err)
	}
	defer tpm2.FlushContext{FlushHandle: ld.ObjectHandle}.Execute(t)
	un, err := tpm2.Unseal{ItemHandle: tpm2.AuthHandle{Handle: ld.ObjectHandle, Name: ld.Name, Auth: tpm2.PasswordAuth(nil)}}.Execute(t)
	if err != nil {
		return nil, fmt.Errorf("%w: unseal: %v", ErrTPMRequired, err)
	}
	if len(un.OutData.Buffer) != keySize {
		return nil, fmt.Errorf("%w: the TPM unsealed %d bytes", ErrWrongKey, len(un.OutData.Buffer))
	}
	return un.OutData.Buffer, nil
}
