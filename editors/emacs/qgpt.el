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
;;   M-x qgpt-stop             stop the streaming answers
;;   M-x qgpt-conversations    pick a conversation and follow it up
;;
;; Answers stream into a *qgpt* buffer from the server's `qgpt/answerDelta'
;; notifications; no progress support is needed (eglot 1.9 has none).
;; Sources and hints at the end are buttons.
;;
;; Setup:  (require 'qgpt) (qgpt-setup)
;; eglot runs ONE server per major mode: qgpt-lsp replaces the language's own
;; server in the modes of `qgpt-major-modes'.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)

(defgroup qgpt nil "Ask qgpt-lsp about your code." :group 'tools :prefix "qgpt-")

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

(defcustom qgpt-request-timeout 600
  "Seconds to wait for one answer."
  :type 'integer)

(defclass qgpt-eglot-server (eglot-lsp-server) ()
  :documentation "An eglot connection to qgpt-lsp.")

(defconst qgpt--ask-commands '("qgpt.ask" "qgpt.askFile" "qgpt.followUp" "qgpt.explainDiagnostic")
  "Server commands whose result is an AskResult.")

;;;###autoload
(defun qgpt-setup ()
  "Let eglot start qgpt-lsp in `qgpt-major-modes'."
  (add-to-list 'eglot-server-programs
               (cons qgpt-major-modes (cons 'qgpt-eglot-server qgpt-server-command))))

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
  "Ask-like COMMANDs (e.g. from code actions) stream into an answer buffer."
  (let ((name (format "%s" command)))
    (if (member name qgpt--ask-commands)
        (let ((argument (and (> (length arguments) 0) (aref arguments 0))))
          (qgpt--run server name argument (or (plist-get argument :question) name)))
      (cl-call-next-method))))

;;; Answers

(cl-defstruct (qgpt-answer (:constructor qgpt--make-answer))
  token question conversation buffer (text "") done result error)

(defvar qgpt--answers nil "The answers of this session, newest first.")
(defvar qgpt--token-count 0)

(defun qgpt--server ()
  (or (eglot-current-server) (user-error "qgpt-lsp is not running in this buffer (M-x eglot)")))

(defun qgpt--answer-buffer (question)
  (let ((buffer (generate-new-buffer (format "*qgpt: %s*" (truncate-string-to-width question 40)))))
    (with-current-buffer buffer
      (if (fboundp 'markdown-mode) (markdown-mode) (text-mode))
      (insert "# " (replace-regexp-in-string "\n" " " question) "\n\n")
      (setq buffer-read-only t))
    (display-buffer buffer)
    buffer))

(defun qgpt--start (token question conversation)
  (let ((answer (qgpt--make-answer :token token :question question :conversation conversation
                                   :buffer (qgpt--answer-buffer question))))
    (push answer qgpt--answers)
    answer))

(defun qgpt--find (token conversation)
  "The answer of TOKEN, else the streaming one of CONVERSATION, else a new one."
  (or (cl-find token qgpt--answers :key #'qgpt-answer-token :test #'equal)
      (cl-find-if (lambda (a) (and (not (qgpt-answer-done a))
                                   (equal (qgpt-answer-conversation a) conversation)))
                  qgpt--answers)
      (qgpt--start token "(asked from a code action)" conversation)))

(defun qgpt--insert (answer text)
  (when (buffer-live-p (qgpt-answer-buffer answer))
    (with-current-buffer (qgpt-answer-buffer answer)
      (let ((inhibit-read-only t))
        (save-excursion (goto-char (point-max)) (insert text))))))

(cl-defmethod eglot-handle-notification
  (_server (_method (eql qgpt/answerDelta)) &key token conversation delta &allow-other-keys)
  "Append DELTA to its answer buffer."
  (let ((answer (qgpt--find (format "%s" token) conversation)))
    (unless (qgpt-answer-conversation answer)
      (setf (qgpt-answer-conversation answer) conversation))
    (when (and (stringp delta) (> (length delta) 0))
      (setf (qgpt-answer-text answer) (concat (qgpt-answer-text answer) delta))
      (qgpt--insert answer delta))))

(defun qgpt--run (server command argument question)
  "Run COMMAND with ARGUMENT on SERVER; the answer streams into a new buffer."
  (let* ((token (format "qgpt-emacs-%d-%d" (emacs-pid) (cl-incf qgpt--token-count)))
         (answer (qgpt--start token question (plist-get argument :conversation))))
    (jsonrpc-async-request
     server :workspace/executeCommand
     (list :command command :arguments (vector argument) :workDoneToken token)
     :success-fn (lambda (result) (qgpt--finish answer result nil))
     :error-fn (lambda (error) (qgpt--finish answer nil (or (plist-get error :message) "failed")))
     :timeout-fn (lambda () (qgpt--finish answer nil "timed out"))
     :timeout qgpt-request-timeout)
    answer))

;;; The end of an answer: status, sources, hints, who can help

(defun qgpt--label (location)
  "`path:line' of an LSP LOCATION, relative to the project when inside it."
  (let* ((path (eglot--uri-to-path (plist-get location :uri)))
         (line (1+ (plist-get (plist-get (plist-get location :range) :start) :line))))
    (format "%s:%d" (file-relative-name path (qgpt--root-of path)) line)))

(defun qgpt--root-of (path)
  "The project root of PATH, else its directory."
  (let ((project (project-current nil (file-name-directory path))))
    (if project (project-root project) (file-name-directory path))))

(defun qgpt--jump (location)
  "Visit LOCATION in another window."
  (let ((start (plist-get (plist-get location :range) :start)))
    (find-file-other-window (eglot--uri-to-path (plist-get location :uri)))
    (goto-char (point-min))
    (forward-line (plist-get start :line))
    (forward-char (min (plist-get start :character) (- (line-end-position) (point))))))

(defun qgpt--section (title items label action)
  (when items
    (insert "\n## " title "\n")
    (dolist (item items)
      (insert "- ")
      (insert-text-button (funcall label item) 'action (lambda (_) (funcall action item))
                          'follow-link t 'qgpt-item item)
      (insert "\n"))))

(defun qgpt--persons-section (persons)
  (when persons
    (insert "\n## Who can help\n")
    (dolist (p persons)
      (insert (format "- %s <%s>: %s\n" (plist-get p :name) (plist-get p :email)
                      (replace-regexp-in-string "\n" " " (or (plist-get p :explanation) "")))))))

(defun qgpt--finish (answer result error)
  "End ANSWER with the command's RESULT (a plist) or ERROR (a string)."
  (setf (qgpt-answer-done answer) t (qgpt-answer-result answer) result (qgpt-answer-error answer) error)
  (when result (setf (qgpt-answer-conversation answer) (plist-get result :conversation)))
  (when (buffer-live-p (qgpt-answer-buffer answer))
    (with-current-buffer (qgpt-answer-buffer answer)
      (let ((inhibit-read-only t)
            (conversation (qgpt-answer-conversation answer)))
        (save-excursion
          (goto-char (point-max))
          (insert (format "\n\n_%s_\n" (or error (plist-get result :status))))
          (when (plist-get result :error) (insert "error: " (plist-get result :error) "\n"))
          (qgpt--section "Sources" (append (plist-get result :sources) nil) #'qgpt--label #'qgpt--jump)
          (qgpt--section "Follow up" (append (plist-get result :hints) nil) #'identity
                         (lambda (hint) (qgpt-follow-up hint conversation)))
          (qgpt--persons-section (append (plist-get result :persons) nil)))))))

(defun qgpt--show-persons (persons)
  "Show PERSONS in a *qgpt: who can help* buffer."
  (with-current-buffer (get-buffer-create "*qgpt: who can help*")
    (let ((inhibit-read-only t))
      (erase-buffer)
      (if persons (qgpt--persons-section persons)
        (insert "Nobody found in the git history of this code.\n")))
    (setq buffer-read-only t)
    (display-buffer (current-buffer))))

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
  (or (cl-some #'qgpt-answer-conversation qgpt--answers) (user-error "Ask a question first")))

;;;###autoload
(defun qgpt-follow-up (question &optional conversation)
  "Ask QUESTION in CONVERSATION (default: the last answer's)."
  (interactive (list (qgpt--read-question "Follow up: ")))
  (let ((conversation (or conversation (qgpt--last-conversation))))
    (qgpt--run (qgpt--server) "qgpt.followUp"
               (list :conversation conversation :question question) question)))

;;;###autoload
(defun qgpt-stop ()
  "Stop every streaming answer."
  (interactive)
  (dolist (answer qgpt--answers)
    (when (and (not (qgpt-answer-done answer)) (qgpt-answer-conversation answer))
      (jsonrpc-async-request (qgpt--server) :workspace/executeCommand
                             (list :command "qgpt.stop"
                                   :arguments (vector (list :conversation (qgpt-answer-conversation answer))))
                             :success-fn #'ignore))))

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
