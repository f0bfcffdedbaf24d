;;; common.el --- helpers of the Emacs editor tests  -*- lexical-binding: t; -*-

;; Loaded by ask-test.el and stop-test.el: results as JSON in
;; $QGPT_EMACS_RESULT, bounded waits, eglot connected to qgpt-lsp.

(require 'json)
(require 'eglot)
(require 'qgpt)

(defvar qgpt-test--out nil)

(defun qgpt-test--put (key value) (setf (alist-get key qgpt-test--out) value))

(defun qgpt-test--server-stderr ()
  "The tail of qgpt-lsp's stderr (eglot keeps it in a buffer)."
  (let ((buffer (cl-find-if (lambda (b) (string-match-p "EGLOT.*stderr" (buffer-name b))) (buffer-list))))
    (when buffer
      (with-current-buffer buffer
        (buffer-substring-no-properties (max (point-min) (- (point-max) 6000)) (point-max))))))

(defun qgpt-test--write-and-exit (code)
  (qgpt-test--put 'server_stderr (qgpt-test--server-stderr))
  (with-temp-file (getenv "QGPT_EMACS_RESULT")
    (insert (json-encode qgpt-test--out)))
  (kill-emacs code))

(defun qgpt-test--wait (predicate seconds)
  "Process output until PREDICATE holds; nil after SECONDS."
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    (funcall predicate)))

(defun qgpt-test--index-ready (server)
  (let ((status (jsonrpc-request server :workspace/executeCommand
                                 (list :command "qgpt.indexStatus" :arguments (vector (make-hash-table))))))
    (qgpt-test--put 'index status)
    (and (equal (plist-get status :state) "ready") (>= (plist-get status :files) 2))))

(defun qgpt-test--answer-json (answer)
  (list (cons 'text (qgpt-answer-text answer))
        (cons 'done (qgpt-answer-done answer))
        (cons 'error (qgpt-answer-error answer))
        (cons 'result (qgpt-answer-result answer))
        (cons 'buffer (with-current-buffer (qgpt-answer-buffer answer)
                        (buffer-substring-no-properties (point-min) (point-max))))))

(defun qgpt-test--region-of-total ()
  "The region of `Cart.total' in cart.py."
  (goto-char (point-min))
  (re-search-forward "def total")
  (list (line-beginning-position) (progn (forward-line 3) (point))))

(defun qgpt-test--connect (settings)
  "Open shop/cart.py under eglot with qgpt-lsp (SETTINGS); wait for the index.
Returns the server."
  (setq qgpt-server-command (split-string (getenv "QGPT_LSP_COMMAND")))
  (setq qgpt-settings settings)
  (qgpt-setup)
  (find-file (expand-file-name "shop/cart.py" (getenv "QGPT_TEST_WORKSPACE")))
  (apply #'eglot (eglot--guess-contact))
  ;; eglot may finish connecting in the background.
  (qgpt-test--wait #'eglot-current-server 60)
  (let ((server (eglot-current-server)))
    (unless server (error "eglot did not connect"))
    (qgpt-test--put 'eglot_version (or (bound-and-true-p eglot--version) "1.9?"))
    (qgpt-test--put 'server_class (symbol-name (eieio-object-class server)))
    (unless (qgpt-test--wait (lambda () (qgpt-test--index-ready server)) 120)
      (error "the index did not get ready"))
    server))

(defun qgpt-test--main (run)
  "Call RUN; write the results and exit (1 on an error)."
  (condition-case err
      (progn (funcall run) (qgpt-test--write-and-exit 0))
    (error (qgpt-test--put 'error (error-message-string err))
           (qgpt-test--write-and-exit 1))))

(provide 'common)
;;; common.el ends here
