;;; qgpt.el --- Ask qgpt-lsp about your code through eglot  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: tools, languages
;; License: MIT

;;; Commentary:

;; qgpt-lsp is a language server that answers questions about your code
;; (streamed, grounded answers with sources, follow-up hints, who can help).
;; This file attaches it to eglot and adds the commands:
;;
;;   M-x qgpt-ask              ask about the region, or the file
;;   M-x qgpt-ask-file         ask about the whole file
;;   M-x qgpt-follow-up        follow up the last answer's conversation
;;   M-x qgpt-who-can-help     persons who know this code (git history)
;;   M-x qgpt-explain-error    explain the diagnostics on this line (every
;;                             flymake backend, and flycheck when it is on)
;;   M-x qgpt-hover            what qgpt-lsp knows about the code at point
;;   M-x qgpt-stop             stop the streaming answers
;;   M-x qgpt-conversations    pick a conversation and follow it up
;;
;; Answers stream into a *qgpt* buffer (one per conversation) from the
;; server's `qgpt/answerDelta' notifications; no progress support is needed
;; (eglot 1.9 has none).  Sources and hints at the end are buttons, and
;; `qgpt-follow-up', `qgpt-stop' and the buttons work from the answer buffer.
;; qgpt-lsp's hover is left out of eldoc (it would show on every pause):
;; `qgpt-hover' shows it when asked.
;;
;; Setup:  (require 'qgpt) (qgpt-setup)
;; eglot runs ONE server per major mode: qgpt-lsp replaces the language's own
;; server in the modes of `qgpt-major-modes'.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)

(defgroup qgpt nil "Ask qgpt-lsp about your code." :group 'tools :prefix "qgpt-")

(require 'qgpt-answer)

(defcustom qgpt-server-command '("qgpt-lsp")
  "The command that starts qgpt-lsp on stdio."
  :type '(repeat string))

(defcustom qgpt-major-modes
  '(python-mode python-ts-mode js-mode typescript-mode go-mode rust-mode c-mode c++-mode java-mode)
  "Major modes whose buffers qgpt-lsp manages."
  :type '(repeat symbol))

(defcustom qgpt-settings
  '(:backend "auto" :answerer "auto" :openAnswerDocument :json-false)
  "The server's `qgpt' settings section, a plist with the server's keys.
Keys: :backend, :answerer, :openai (:baseUrl :model :apiKey), :local
\(:modelPath), :index (:maxFileSize :enabled), :openAnswerDocument, :hover
\(:enabled).  Sent as initializationOptions and on workspace/configuration.
The answer streams into a *qgpt* buffer, so :openAnswerDocument is off."
  :type 'plist)

(defclass qgpt-eglot-server (eglot-lsp-server) ()
  :documentation "An eglot connection to qgpt-lsp.")

(defconst qgpt--ask-commands '("qgpt.ask" "qgpt.askFile" "qgpt.followUp" "qgpt.explainDiagnostic")
  "Server commands whose result is an AskResult.")

;;;###autoload
(defun qgpt-setup ()
  "Let eglot start qgpt-lsp in `qgpt-major-modes'."
  (add-to-list 'eglot-server-programs
               (cons qgpt-major-modes (cons 'qgpt-eglot-server qgpt-server-command)))
  (add-hook 'eglot-managed-mode-hook #'qgpt--quiet-eldoc))

(defun qgpt--quiet-eldoc ()
  "Leave qgpt-lsp's hover out of eldoc; `qgpt-hover' shows it when asked."
  (when (cl-typep (eglot-current-server) 'qgpt-eglot-server)
    (remove-hook 'eldoc-documentation-functions #'eglot-hover-eldoc-function t)))

(cl-defmethod eglot-initialization-options ((_server qgpt-eglot-server))
  qgpt-settings)

(cl-defmethod eglot-handle-request
  ((_server qgpt-eglot-server) (_method (eql workspace/configuration)) &key items)
  "Answer the `qgpt' section from `qgpt-settings'."
  (apply #'vector
         (mapcar (lambda (item)
                   (if (equal (plist-get item :section) "qgpt") qgpt-settings :null))
                 items)))

(cl-defmethod eglot-execute-command ((server qgpt-eglot-server) command arguments)
  "Ask-like COMMANDs (e.g. from code actions) stream into an answer buffer;
`qgpt.whoCanHelp' shows its persons."
  (let ((name (format "%s" command))
        (argument (and (> (length arguments) 0) (aref arguments 0))))
    (cond ((member name qgpt--ask-commands)
           (qgpt--run server name argument (or (plist-get argument :question) name)))
          ((equal name "qgpt.whoCanHelp")
           (let ((result (jsonrpc-request server :workspace/executeCommand
                                          (list :command name :arguments arguments))))
             (qgpt--show-persons (append (plist-get result :persons) nil))))
          (t (cl-call-next-method)))))

;;; Commands

(defun qgpt--range (beg end)
  (when (and beg end (/= beg end))
    (list :start (eglot--pos-to-lsp-position beg) :end (eglot--pos-to-lsp-position end))))

(defun qgpt--read-question (prompt)
  (let ((question (string-trim (read-string prompt))))
    (if (string-empty-p question) (user-error "No question") question)))

;;;###autoload
(defun qgpt-ask (question &optional beg end)
  "Ask QUESTION about the region BEG..END, or about the file."
  (interactive
   (append (list (qgpt--read-question (if (use-region-p) "Ask QGPT about the region: "
                                        "Ask QGPT about the file: ")))
           (and (use-region-p) (list (region-beginning) (region-end)))))
  (let ((argument (list :uri (eglot--path-to-uri (buffer-file-name)) :question question))
        (range (qgpt--range beg end)))
    (when range (setq argument (plist-put argument :range range)))
    (qgpt--run (qgpt--server) "qgpt.ask" argument question)))

;;;###autoload
(defun qgpt-ask-file (question)
  "Ask QUESTION about the whole file."
  (interactive (list (qgpt--read-question "Ask QGPT about the file: ")))
  (qgpt--run (qgpt--server) "qgpt.askFile"
             (list :uri (eglot--path-to-uri (buffer-file-name)) :question question) question))

(defun qgpt--last-conversation ()
  (or (qgpt--buffer-conversation) (cl-some #'qgpt-answer-conversation qgpt--answers)
      (user-error "Ask a question first")))

;;;###autoload
(defun qgpt-follow-up (question &optional conversation)
  "Ask QUESTION in CONVERSATION.
CONVERSATION defaults to this answer buffer's, else the last answer's."
  (interactive (list (qgpt--read-question "Follow up: ")))
  (let ((conversation (or conversation (qgpt--last-conversation))))
    (qgpt--run (qgpt--server) "qgpt.followUp"
               (list :conversation conversation :question question) question)))

;;;###autoload
(defun qgpt-stop ()
  "Stop every streaming answer.
With `qgpt.stop', or `$/cancelRequest' before the first text."
  (interactive)
  (dolist (answer qgpt--answers)
    (let ((server (qgpt--live (qgpt-answer-server answer)))
          (conversation (qgpt-answer-conversation answer)))
      (cond ((or (qgpt-answer-done answer) (not server)))
            (conversation
             (jsonrpc-async-request server :workspace/executeCommand
                                    (list :command "qgpt.stop"
                                          :arguments (vector (list :conversation conversation)))
                                    :success-fn #'ignore))
            ((qgpt-answer-request answer)
             (jsonrpc-notify server :$/cancelRequest (list :id (qgpt-answer-request answer))))))))

;;; Explain this error: the diagnostics of every flymake backend (and flycheck)

(declare-function flycheck-overlay-errors-in "flycheck" (beg end))
(declare-function flycheck-error-message "flycheck" (err))
(declare-function flycheck-error-level "flycheck" (err))
(declare-function flycheck-error-checker "flycheck" (err))
(declare-function flycheck-error-pos "flycheck" (err))

(defun qgpt--lsp-diagnostic (beg end severity message source)
  (list :range (list :start (eglot--pos-to-lsp-position beg) :end (eglot--pos-to-lsp-position end))
        :severity severity :message message :source (format "%s" source)))

(defun qgpt--flymake-diagnostics (beg end)
  "The flymake diagnostics from BEG to END, all backends, as LSP diagnostics."
  (mapcar (lambda (d)
            (let ((category (get (flymake-diagnostic-type d) 'flymake-category)))
              (qgpt--lsp-diagnostic (flymake-diagnostic-beg d) (flymake-diagnostic-end d)
                                    (pcase category ('flymake-error 1) ('flymake-warning 2) (_ 3))
                                    (flymake-diagnostic-text d) (flymake-diagnostic-backend d))))
          (and (bound-and-true-p flymake-mode) (flymake-diagnostics beg end))))

(defun qgpt--flycheck-diagnostics (beg end)
  "The flycheck errors from BEG to END as LSP diagnostics (if flycheck is on)."
  (mapcar (lambda (e)
            (let ((pos (flycheck-error-pos e)))
              (qgpt--lsp-diagnostic pos (min end (1+ pos))
                                    (pcase (flycheck-error-level e) ('error 1) ('warning 2) (_ 3))
                                    (flycheck-error-message e) (flycheck-error-checker e))))
          (and (bound-and-true-p flycheck-mode) (flycheck-overlay-errors-in beg end))))

;;;###autoload
(defun qgpt-explain-error ()
  "Explain the diagnostics on this line, whichever backend reported them.
eglot runs one server per major mode, so qgpt-lsp never sees the other
servers' diagnostics: this sends them from flymake (every backend) and
flycheck to the server's `qgpt.explainDiagnostic'."
  (interactive)
  (let* ((beg (line-beginning-position)) (end (line-end-position))
         (diagnostics (append (qgpt--flymake-diagnostics beg end) (qgpt--flycheck-diagnostics beg end))))
    (unless diagnostics (user-error "No diagnostic on this line"))
    (qgpt--run (qgpt--server) "qgpt.explainDiagnostic"
               (list :uri (eglot--path-to-uri (buffer-file-name)) :diagnostics (vconcat diagnostics))
               (concat "Explain this error: " (plist-get (car diagnostics) :message)))))

;;; Hover, when asked

(defun qgpt--plain (markdown)
  "MARKDOWN with its emphasis and link targets taken out, for a plain buffer."
  (let* ((text (replace-regexp-in-string "\\*\\*\\([^*]+\\)\\*\\*" "\\1" markdown))
         (text (replace-regexp-in-string "\\[\\([^]]+\\)\\]([^)]*)" "\\1" text)))
    text))

;;;###autoload
(defun qgpt-hover ()
  "Show what qgpt-lsp knows about the code at point: earlier answers' hints and
sources, who can help.  Returns the buffer shown, or nil."
  (interactive)
  (let* ((hover (jsonrpc-request (qgpt--server) :textDocument/hover
                                 (eglot--TextDocumentPositionParams)))
         (contents (plist-get hover :contents))
         (text (if (stringp contents) contents (plist-get contents :value))))
    (if (not (and text (> (length text) 0)))
        (progn (message "QGPT: nothing known about this code yet") nil)
      (with-current-buffer (get-buffer-create "*qgpt: here*")
        (let ((inhibit-read-only t))
          (erase-buffer)
          (insert (qgpt--plain text) "\n"))
        (setq buffer-read-only t)
        (display-buffer (current-buffer))
        (current-buffer)))))

;;;###autoload
(defun qgpt-who-can-help (&optional beg end)
  "Show who knows the region BEG..END (or the file), from the git history."
  (interactive (and (use-region-p) (list (region-beginning) (region-end))))
  (let* ((argument (list :uri (eglot--path-to-uri (buffer-file-name))))
         (range (qgpt--range beg end))
         (result (jsonrpc-request (qgpt--server) :workspace/executeCommand
                                  (list :command "qgpt.whoCanHelp"
                                        :arguments (vector (if range (plist-put argument :range range) argument))))))
    (qgpt--show-persons (append (plist-get result :persons) nil))))

;;;###autoload
(defun qgpt-conversations ()
  "Pick a conversation and follow it up."
  (interactive)
  (let* ((list (append (jsonrpc-request (qgpt--server) :workspace/executeCommand
                                        (list :command "qgpt.conversations"
                                              :arguments (vector (make-hash-table))))
                       nil))
         (choices (mapcar (lambda (c) (cons (format "%s (%s)" (plist-get c :title) (plist-get c :updated))
                                            (plist-get c :id)))
                          list))
         (picked (cdr (assoc (completing-read "Conversation: " choices nil t) choices))))
    (qgpt-follow-up (qgpt--read-question "Follow up: ") picked)))

(provide 'qgpt)
;;; qgpt.el ends here
