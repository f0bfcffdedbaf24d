;;; ask-test.el --- run by tests/editors/test_emacs.py in `emacs --batch'  -*- lexical-binding: t; -*-

;; Opens shop/cart.py under eglot with qgpt-lsp (embedded engine, grounded
;; answers), waits for the index, runs a qgpt code action and `qgpt-ask' on a
;; region; in that answer's buffer presses a hint button and calls
;; `qgpt-follow-up'; checks eldoc and `qgpt-hover' at the region; runs
;; `qgpt-explain-error' on an error of the test's own flymake backend; and
;; writes what it saw as JSON to $QGPT_EMACS_RESULT.  Every wait is bounded.

(load (expand-file-name "common.el" (file-name-directory load-file-name)) nil t)

(defun qgpt-test--run ()
  (let ((server (qgpt-test--connect
                 '(:backend "embedded" :answerer "grounded" :openAnswerDocument :json-false))))
    (pcase-let ((`(,beg ,end) (qgpt-test--region-of-total)))
      (let* ((actions (eglot-code-actions beg end))
             (ask (cl-find-if (lambda (a) (equal (plist-get (or (plist-get a :command) a) :command) "qgpt.ask"))
                              actions))
             (command (and ask (or (and (plist-get (plist-get ask :command) :command) (plist-get ask :command)) ask))))
        (qgpt-test--put 'code_actions (mapcar (lambda (a) (plist-get a :title)) actions))
        (unless command (error "no qgpt.ask code action"))
        (let ((from-action (eglot-execute-command server (intern (plist-get command :command))
                                                  (plist-get command :arguments))))
          (qgpt-test--wait (lambda () (qgpt-answer-done from-action)) 180)
          (qgpt-test--put 'code_action_answer (qgpt-test--answer-json from-action))))
      (let ((asked (qgpt-ask "explain how total uses unit_price" beg end)))
        (qgpt-test--wait (lambda () (qgpt-answer-done asked)) 180)
        (qgpt-test--put 'ask_answer (qgpt-test--answer-json asked))
        (qgpt-test--from-the-answer-buffer asked)
        (qgpt-test--hover (+ beg 4))
        (qgpt-test--explain-error)
        (qgpt-test--returns-when)))))

(defun qgpt-test--returns-when ()
  "`qgpt-ask' \"What does this return when ...?\" on lines 13-16 (Cart.add)."
  (let* ((beg (save-excursion (goto-char (point-min)) (forward-line 12) (point)))
         (end (save-excursion (goto-char (point-min)) (forward-line 16) (point)))
         (asked (qgpt-ask "What does this return when quantity is 0?" beg end)))
    (qgpt-test--wait (lambda () (qgpt-answer-done asked)) 180)
    (qgpt-test--put 'returns_when (qgpt-test--answer-json asked))
    ;; after five answers (two conversations continued, three new) one window shows them
    (qgpt-test--put 'windows (length (window-list nil 'no-minibuf)))
    (qgpt-test--put 'answer_windows
                    (cl-count-if (lambda (w) (buffer-local-value 'qgpt--origin-server (window-buffer w)))
                                 (window-list nil 'no-minibuf)))))

(defun qgpt-test--hint-button (buffer)
  "The position of the last \"Follow up\" button in BUFFER."
  (with-current-buffer buffer
    (goto-char (point-max))
    (re-search-backward "^## Follow up$")
    (forward-line 1)
    (point)))

(defun qgpt-test--from-the-answer-buffer (asked)
  "RET on a hint button, then `qgpt-follow-up', both in ASKED's buffer."
  (let* ((buffer (qgpt-answer-buffer asked))
         (hint (with-current-buffer buffer
                 (button-label (button-at (+ 2 (qgpt-test--hint-button buffer))))))
         hinted followed)
    (with-current-buffer buffer
      (push-button (+ 2 (qgpt-test--hint-button buffer)))
      (setq hinted (car qgpt--answers)))
    (qgpt-test--wait (lambda () (qgpt-answer-done hinted)) 180)
    (with-current-buffer buffer
      (setq followed (qgpt-follow-up "and who calls total?")))
    (qgpt-test--wait (lambda () (qgpt-answer-done followed)) 180)
    (qgpt-test--put 'hint (list (cons 'asked hint) (cons 'question (qgpt-answer-question hinted))
                                (cons 'answer (qgpt-test--answer-json hinted))
                                (cons 'same_buffer (eq (qgpt-answer-buffer hinted) buffer))
                                (cons 'conversation (qgpt-answer-conversation hinted))
                                (cons 'asked_conversation (qgpt-answer-conversation asked))))
    (qgpt-test--put 'follow_up_in_answer
                    (list (cons 'status (plist-get (qgpt-answer-result followed) :status))
                          (cons 'error (qgpt-answer-error followed))
                          (cons 'same_buffer (eq (qgpt-answer-buffer followed) buffer))
                          (cons 'conversation (qgpt-answer-conversation followed))))))

(defun qgpt-test--hover (point)
  "At POINT (asked about): eldoc leaves qgpt-lsp's hover out; `qgpt-hover' shows it."
  (goto-char point)
  (qgpt-test--put 'eldoc_hover (and (memq #'eglot-hover-eldoc-function eldoc-documentation-functions) t))
  (let ((shown (qgpt-hover)))
    (qgpt-test--put 'hover (and shown (with-current-buffer shown (buffer-string))))))

(defun qgpt-test--backend (report-fn &rest _)
  "A flymake backend of the test's own: an error on Cart.total's last line."
  (save-excursion
    (goto-char (point-min))
    (re-search-forward "unit_price(sku)")
    (funcall report-fn
             (list (flymake-make-diagnostic (current-buffer) (match-beginning 0) (+ (match-beginning 0) 10)
                                            :error "undefined name 'unit_prise'")))))

(defun qgpt-test--explain-error ()
  "`qgpt-explain-error' on the line where the test's own flymake backend reports."
  (add-hook 'flymake-diagnostic-functions #'qgpt-test--backend nil t)
  (flymake-mode 1)
  (flymake-start)
  (unless (qgpt-test--wait (lambda () (cl-some (lambda (d) (eq (flymake-diagnostic-backend d) 'qgpt-test--backend))
                                                (flymake-diagnostics)))
                           30)
    (error "the test's flymake backend reported nothing"))
  (goto-char (point-min))
  (re-search-forward "unit_price(sku)")
  (let ((explained (qgpt-explain-error)))
    (qgpt-test--wait (lambda () (qgpt-answer-done explained)) 180)
    (qgpt-test--put 'explained (qgpt-test--answer-json explained))))

(qgpt-test--main #'qgpt-test--run)
;;; ask-test.el ends here
