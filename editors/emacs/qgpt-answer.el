;;; qgpt-answer.el --- qgpt-lsp answer buffers  -*- lexical-binding: t; -*-

;; License: MIT

;;; Commentary:

;; The answer buffers of qgpt.el: one per conversation, text streamed from
;; `qgpt/answerDelta' notifications, then each answer's AskResult as status,
;; sources (buttons that visit file:line), follow-up hints (buttons that ask
;; them, in the same buffer) and who can help.  An answer buffer remembers the
;; eglot server of the buffer it was asked from, so `qgpt-follow-up',
;; `qgpt-stop' and the hint buttons work there; all answers share one window.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'jsonrpc)
(require 'project)

(declare-function qgpt-follow-up "qgpt" (question &optional conversation))

(defcustom qgpt-request-timeout 600
  "Seconds to wait for one answer."
  :type 'integer :group 'qgpt)

;;; Answers

(cl-defstruct (qgpt-answer (:constructor qgpt--make-answer))
  token question conversation buffer server request (text "") done result error)

(defvar qgpt--answers nil "The answers of this session, newest first.")
(defvar qgpt--token-count 0)

(defvar-local qgpt--origin-server nil
  "In an answer buffer: the eglot server of the buffer the question was asked from.")

(defun qgpt--live (server)
  (and server (jsonrpc-running-p server) server))

(defun qgpt--server ()
  "The qgpt-lsp server of this buffer, or of the buffer an answer buffer came from."
  (or (eglot-current-server) (qgpt--live qgpt--origin-server)
      (user-error "qgpt-lsp is not running in this buffer (M-x eglot)")))

(defun qgpt--buffer-conversation (&optional buffer)
  "The conversation of answer BUFFER (default: the current buffer), if it is one."
  (let ((buffer (or buffer (current-buffer))))
    (cl-some (lambda (a) (and (eq (qgpt-answer-buffer a) buffer) (qgpt-answer-conversation a)))
             qgpt--answers)))

(defun qgpt--conversation-buffer (conversation)
  (and conversation
       (cl-some (lambda (a) (and (equal (qgpt-answer-conversation a) conversation)
                                 (buffer-live-p (qgpt-answer-buffer a))
                                 (qgpt-answer-buffer a)))
                qgpt--answers)))

(defun qgpt--show (buffer)
  "Show BUFFER in the window of an answer buffer, else as `display-buffer' does."
  (let ((window (cl-find-if (lambda (w) (buffer-local-value 'qgpt--origin-server (window-buffer w)))
                            (window-list nil 'no-minibuf))))
    (if window (set-window-buffer window buffer) (display-buffer buffer))))

(defun qgpt--answer-buffer (question conversation server)
  "CONVERSATION's buffer with a new section for QUESTION, or a new buffer."
  (let ((heading (concat "# " (replace-regexp-in-string "\n" " " question) "\n\n"))
        (buffer (qgpt--conversation-buffer conversation)))
    (if buffer
        (with-current-buffer buffer
          (let ((inhibit-read-only t))
            (save-excursion (goto-char (point-max)) (insert "\n" heading))))
      (setq buffer (generate-new-buffer (format "*qgpt: %s*" (truncate-string-to-width question 40))))
      (with-current-buffer buffer
        (if (fboundp 'markdown-mode) (markdown-mode) (text-mode))
        (insert heading)
        (setq buffer-read-only t)))
    (with-current-buffer buffer (setq qgpt--origin-server server))
    (qgpt--show buffer)
    buffer))

(defun qgpt--start (token question conversation &optional server)
  (let ((answer (qgpt--make-answer :token token :question question :conversation conversation
                                   :server server
                                   :buffer (qgpt--answer-buffer question conversation server))))
    (push answer qgpt--answers)
    answer))

(defun qgpt--find (token conversation server)
  "The answer of TOKEN, else the streaming one of CONVERSATION.
Else a new one, of SERVER."
  (or (cl-find token qgpt--answers :key #'qgpt-answer-token :test #'equal)
      (cl-find-if (lambda (a) (and (not (qgpt-answer-done a))
                                   (equal (qgpt-answer-conversation a) conversation)))
                  qgpt--answers)
      (qgpt--start token "(asked from a code action)" conversation server)))

(defun qgpt--insert (answer text)
  (when (buffer-live-p (qgpt-answer-buffer answer))
    (with-current-buffer (qgpt-answer-buffer answer)
      (let ((inhibit-read-only t))
        (save-excursion (goto-char (point-max)) (insert text))))))

(cl-defmethod eglot-handle-notification
  (server (_method (eql qgpt/answerDelta)) &key token conversation delta &allow-other-keys)
  "Append DELTA to its answer buffer."
  (let ((answer (qgpt--find (format "%s" token) conversation server)))
    (unless (qgpt-answer-conversation answer)
      (setf (qgpt-answer-conversation answer) conversation))
    (when (and (stringp delta) (> (length delta) 0))
      (setf (qgpt-answer-text answer) (concat (qgpt-answer-text answer) delta))
      (qgpt--insert answer delta))))

(defun qgpt--run (server command argument question)
  "Run COMMAND with ARGUMENT on SERVER; the answer streams into a new buffer."
  (let* ((token (format "qgpt-emacs-%d-%d" (emacs-pid) (cl-incf qgpt--token-count)))
         (answer (qgpt--start token question (plist-get argument :conversation) server)))
    (setf (qgpt-answer-request answer)
          (car (jsonrpc-async-request
                server :workspace/executeCommand
                (list :command command :arguments (vector argument) :workDoneToken token)
                :success-fn (lambda (result) (qgpt--finish answer result nil))
                :error-fn (lambda (error) (qgpt--finish answer nil (or (plist-get error :message) "failed")))
                :timeout-fn (lambda () (qgpt--finish answer nil "timed out"))
                :timeout qgpt-request-timeout)))
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

(provide 'qgpt-answer)
;;; qgpt-answer.el ends here
